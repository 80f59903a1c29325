package dev.bulwark.server;

import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real Bulwark server on a random port over a data directory of the test's, for end-to-end tests. */
final class TestServer implements AutoCloseable {

    final Path dataDir;
    final Map<String, String> env;
    private BulwarkServer server;

    private TestServer(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = env;
        this.server = BulwarkServer.start(ServerConfigLoader.load(EnvironmentSource.of(env)));
    }

    /** Starts a development server; {@code overrides} are extra BULWARK_* settings. */
    static TestServer start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("BULWARK_DATA_DIR", dataDir.toString());
        env.put("BULWARK_PORT", "0");
        env.putAll(overrides);
        return new TestServer(dataDir, env);
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Stops the server and starts a new one on the same data directory and settings. */
    void restart() {
        server.close();
        server = BulwarkServer.start(ServerConfigLoader.load(EnvironmentSource.of(env)));
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
