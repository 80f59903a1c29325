package dev.bulwark.server.cli;

import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.server.config.ServerConfig;
import dev.bulwark.server.config.ServerConfigLoader;
import dev.bulwark.server.persistence.DatabaseUnavailableException;
import dev.bulwark.redis.RedisUnavailableException;
import dev.bulwark.token.KeyLoadException;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulwark serve}: runs the API server until it is told to stop (SIGINT/SIGTERM), then stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Bulwark API server (configuration from BULWARK_* variables and .env files).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "listen port (overrides BULWARK_PORT; 0 picks a free one)")
    Integer port;

    @Option(names = "--host", description = "listen address (overrides BULWARK_HOST)")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = null;
        BulwarkServer server;
        try {
            config = ServerConfigLoader.load(EnvironmentSource.load(Path.of("."), System.getenv()));
            if (port != null) {
                config = config.withPort(port);
            }
            if (host != null) {
                config = config.withHost(ServerConfigLoader.checkHost(host));
            }
            server = BulwarkServer.start(config);
        } catch (IllegalArgumentException e) {
            System.err.println("bulwark: --host: " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            System.err.println("bulwark: the configuration cannot be used:");
            e.problems().forEach(problem -> System.err.println("  - " + problem));
            return 2;
        } catch (KeyLoadException | DatabaseUnavailableException e) {
            System.err.println("bulwark: " + e.getMessage());
            return 2;
        } catch (JavalinBindException e) {
            System.err.println("bulwark: cannot listen on " + config.host() + ":" + config.port()
                    + " — the port is in use or the address is not on this machine; set BULWARK_PORT / --port");
            return 2;
        } catch (RedisUnavailableException e) {
            System.err.println("bulwark: " + e.getMessage() + " — start Redis or fix BULWARK_REDIS_URL; "
                    + "once running, the server rides out Redis outages by itself");
            return 2;
        }
        awaitStopSignal(server);
        return 0;
    }

    /**
     * Waits for SIGTERM or SIGINT and then stops the server cleanly, so that the process exits 0 (CONTRACT.md: 0 is
     * a clean stop). A JVM left to its default signal handling would run the shutdown hooks but exit with 143 or
     * 130. The shutdown hook stays as the fallback for every other way the JVM may end.
     */
    private static void awaitStopSignal(BulwarkServer server) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stopRequested.countDown());
            } catch (IllegalArgumentException e) {
                // This platform does not have the signal; the shutdown hook covers it.
            }
        }
        Thread hook = new Thread(server::close, "bulwark-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopRequested.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return; // the JVM is already shutting down and the hook is closing the server
        }
        LoggerFactory.getLogger(ServeCommand.class).info("stopping: finishing in-flight requests");
        server.close();
        LoggerFactory.getLogger(ServeCommand.class).info("stopped");
    }
}
