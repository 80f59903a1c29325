package dev.bulwark.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real PostgreSQL server, in a schema of its own.
 *
 * <pre>{@code
 * @PostgresTest
 * class MyRepositoryTest {
 *     @Test void works(TestPostgres pg) { ... pg.jdbcUrl() ... }
 * }
 * }</pre>
 *
 * <p>The server is named by the environment variable {@code BULWARK_TEST_POSTGRES_URL}
 * (a {@code jdbc:postgresql://} URL, credentials may be in its query). When it is unset the
 * tests are aborted (reported as skipped) with a message saying so; when it is set but the
 * server cannot be reached, the tests fail: somebody asked for PostgreSQL and did not get it.
 *
 * <p>Each test class gets a fresh schema {@code bw_test_<random hex>}, created before all
 * its tests and dropped (CASCADE) after them. See {@link PostgresDatabaseExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresDatabaseExtension.class)
public @interface PostgresTest {
}
