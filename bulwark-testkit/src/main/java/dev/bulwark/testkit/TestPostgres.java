package dev.bulwark.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL schema created for one test class by {@link PostgresDatabaseExtension}.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql://} URL whose {@code currentSchema} is {@link #schema()};
 *                 it keeps every other query parameter of {@code BULWARK_TEST_POSTGRES_URL},
 *                 so it connects on its own
 * @param user     the user name from the URL's query, or {@code null} (the driver's default)
 * @param password the password from the URL's query, or {@code null}
 * @param schema   the schema name, {@code bw_test_<random hex>}
 */
public record TestPostgres(String jdbcUrl, String user, String password, String schema) {

    /** Opens a new connection to the schema; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TestPostgres[schema=" + schema + ", user=" + user + "]";
    }
}
