package dev.bulwark.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The application's database: a small HikariCP pool, the schema migrated by Flyway, and a
 * {@link Jdbi} over it for the repositories.
 *
 * <pre>{@code
 * try (Database db = Database.open(Database.h2FileUrl(dataDir), "sa", "")) {
 *     TenantRepository tenants = new TenantRepository(db.jdbi());
 * }
 * }</pre>
 *
 * <p>Opening fails fast ({@link DatabaseUnavailableException}, within about the 5 s connection
 * timeout) rather than letting the server start without its durable state. Flyway's
 * {@code clean} is disabled: no code path can drop the schema.
 */
public final class Database implements AutoCloseable {

    /** Few connections: requests are short, and H2 and a shared PostgreSQL both prefer it. */
    static final int MAX_POOL_SIZE = 10;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String productName;
    private final ExecutorService healthExecutor;
    private final AtomicReference<CompletableFuture<Boolean>> healthInFlight = new AtomicReference<>();

    private Database(HikariDataSource dataSource, String productName) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.productName = productName;
        this.healthExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bulwark-db-health");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects, migrates the schema to the latest version and returns the open database.
     *
     * @throws DatabaseUnavailableException if the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulwark-db");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(3).toMillis());
        // Try the first connection once at start and fail at once if it does not come.
        config.setInitializationFailTimeout(1);

        HikariDataSource dataSource;
        String productName;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unavailable("cannot connect to database", jdbcUrl, user, password, e);
        }
        try (Connection c = dataSource.getConnection()) {
            productName = c.getMetaData().getDatabaseProductName();
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw unavailable("cannot connect to database", jdbcUrl, user, password, e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw unavailable("cannot migrate the schema of database", jdbcUrl, user, password, e);
        }
        return new Database(dataSource, productName);
    }

    /**
     * The URL of the embedded H2 database kept in {@code dataDir} (file {@code bulwark.mv.db}).
     *
     * <p>{@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the pool itself on shutdown; H2's own
     * shutdown hook could close the database under requests still finishing. No
     * {@code AUTO_SERVER}: it would open a TCP port. The default file lock stays, so a second
     * process on the same directory fails instead of corrupting the file.
     */
    public static String h2FileUrl(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("bulwark");
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The database's product name, e.g. {@code H2} or {@code PostgreSQL}. */
    public String productName() {
        return productName;
    }

    /**
     * Whether a {@code SELECT 1} succeeds within {@code timeout}. Never throws and never waits
     * much longer than {@code timeout}, even when the pool is exhausted or the server hangs:
     * the check runs on its own thread, and concurrent callers share one check in flight.
     */
    public boolean isHealthy(Duration timeout) {
        CompletableFuture<Boolean> check = healthInFlight.updateAndGet(current ->
                current != null && !current.isDone() ? current : startHealthCheck(timeout));
        try {
            return check.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    private CompletableFuture<Boolean> startHealthCheck(Duration timeout) {
        try {
            return CompletableFuture.supplyAsync(() -> selectOne(timeout), healthExecutor);
        } catch (RuntimeException rejectedAfterClose) {
            return CompletableFuture.completedFuture(false);
        }
    }

    private boolean selectOne(Duration timeout) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Closes the pool; idempotent. */
    @Override
    public void close() {
        healthExecutor.shutdownNow();
        dataSource.close();
    }

    private static DatabaseUnavailableException unavailable(
            String what, String jdbcUrl, String user, String password, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = String.valueOf(root.getMessage());
        if (password != null && !password.isEmpty()) {
            detail = detail.replace(password, "***");
        }
        String message = what + " " + redact(jdbcUrl) + (user == null || user.isEmpty() ? "" : " as user " + user)
                + ": " + detail;
        return new DatabaseUnavailableException(message, e);
    }

    /** The URL with the value of any {@code password} parameter and any user-info password removed. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        return jdbcUrl
                .replaceAll("(?i)(password\\s*=)[^&;]*", "$1***")
                .replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
