package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PostgresTest
class PostgresDatabaseExtensionTest {

    private final TestPostgres pg;

    PostgresDatabaseExtensionTest(TestPostgres pg) {
        this.pg = pg;
    }

    @Test
    void connectsToAFreshSchemaOfItsOwn(TestPostgres param) throws Exception {
        assertThat(param).isEqualTo(pg);
        assertThat(pg.schema()).matches("bw_test_[0-9a-f]{16}");
        assertThat(pg.jdbcUrl()).contains("currentSchema=" + pg.schema());
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(pg.schema());
            }
            s.execute("CREATE TABLE probe (id int)");
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Nested
    class Inner {
        @Test
        void nestedClassSharesTheEnclosingSchema(TestPostgres inner) {
            assertThat(inner).isEqualTo(pg);
        }
    }
}
