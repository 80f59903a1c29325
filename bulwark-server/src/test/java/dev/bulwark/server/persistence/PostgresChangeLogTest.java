package dev.bulwark.server.persistence;

import dev.bulwark.testkit.PostgresTest;
import dev.bulwark.testkit.TestPostgres;

/** The change-log contract on real PostgreSQL, in a schema of its own (skipped without BULWARK_TEST_POSTGRES_URL). */
@PostgresTest
class PostgresChangeLogTest extends ChangeLogContract {

    private final TestPostgres pg;

    PostgresChangeLogTest(TestPostgres pg) {
        this.pg = pg;
    }

    @Override
    Database openDatabase() {
        return Database.open(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
