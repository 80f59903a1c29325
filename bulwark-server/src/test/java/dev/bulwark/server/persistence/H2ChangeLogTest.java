package dev.bulwark.server.persistence;

import java.util.UUID;

/** The change-log contract on an in-memory H2 database. */
class H2ChangeLogTest extends ChangeLogContract {

    @Override
    Database openDatabase() {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
