package dev.bulwark.server;

import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.server.config.ServerConfigLoader;
import dev.bulwark.testkit.TestPostgres;
import dev.bulwark.validation.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real Bulwark server on a random port over a data directory of the test's, for end-to-end tests. */
final class TestServer implements AutoCloseable {

    /**
     * Tests have no DNS: webhook hosts resolve through this table. Every {@code *.example.com} is public except
     * the names that stand for the attacks (a private, a metadata, a mixed answer; one that does not resolve).
     */
    static final HostResolver WEBHOOK_HOSTS = host -> {
        String address = switch (host) {
            case "private.example.com" -> "10.1.2.3";
            case "metadata.example.com" -> "169.254.169.254";
            case "cgnat.example.com" -> "100.64.0.7";
            case "ula.example.com" -> "fd00::1";
            case "nowhere.example.com" -> null;
            default -> host.endsWith(".example.com") ? "93.184.215.14" : null;
        };
        if (address == null) {
            throw new UnknownHostException(host);
        }
        if (host.equals("mixed.example.com")) {
            return List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1"));
        }
        return List.of(InetAddress.getByName(address));
    };

    final Path dataDir;
    final Map<String, String> env;
    private final MicrosClock limiterClock;
    private BulwarkServer server;

    private TestServer(Path dataDir, Map<String, String> env, MicrosClock limiterClock) {
        this.dataDir = dataDir;
        this.env = env;
        this.limiterClock = limiterClock;
        this.server = BulwarkServer.start(ServerConfigLoader.load(EnvironmentSource.of(env)), limiterClock,
                WEBHOOK_HOSTS);
    }

    /** Starts a development server; {@code overrides} are extra BULWARK_* settings. */
    static TestServer start(Path dataDir, Map<String, String> overrides) {
        return start(dataDir, overrides, MicrosClock.system());
    }

    /** As {@link #start(Path, Map)} with the clock of the in-process rate limiters (to skew one instance). */
    static TestServer start(Path dataDir, Map<String, String> overrides, MicrosClock limiterClock) {
        Map<String, String> env = new HashMap<>();
        env.put("BULWARK_DATA_DIR", dataDir.toString());
        env.put("BULWARK_PORT", "0");
        env.putAll(overrides);
        return new TestServer(dataDir, env, limiterClock);
    }

    /** Settings that put an instance on a PostgreSQL schema and, when given, a Redis. */
    static Map<String, String> shared(TestPostgres pg, String redisUrl, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("BULWARK_DATABASE_URL", pg.jdbcUrl());
        if (pg.user() != null) {
            env.put("BULWARK_DATABASE_USER", pg.user());
        }
        if (pg.password() != null) {
            env.put("BULWARK_DATABASE_PASSWORD", pg.password());
        }
        if (redisUrl != null) {
            env.put("BULWARK_REDIS_URL", redisUrl);
        }
        return env;
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Stops the server and starts a new one on the same data directory and settings. */
    void restart() {
        server.close();
        server = BulwarkServer.start(ServerConfigLoader.load(EnvironmentSource.of(env)), limiterClock,
                WEBHOOK_HOSTS);
    }

    HttpJson client() {
        return new HttpJson("http://127.0.0.1:" + server.port());
    }

    int activeRequests() {
        return server.activeRequests();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
