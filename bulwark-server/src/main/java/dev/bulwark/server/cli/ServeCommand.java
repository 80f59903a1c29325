package dev.bulwark.server.cli;

import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.server.config.ServerConfig;
import dev.bulwark.server.config.ServerConfigLoader;
import dev.bulwark.server.persistence.DatabaseUnavailableException;
import dev.bulwark.redis.RedisUnavailableException;
import dev.bulwark.token.KeyLoadException;
import java.nio.file.Path;
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
        ServerConfig config;
        BulwarkServer server;
        try {
            config = ServerConfigLoader.load(EnvironmentSource.load(Path.of("."), System.getenv()));
            if (port != null) {
                config = config.withPort(port);
            }
            if (host != null) {
                config = config.withHost(host);
            }
            server = BulwarkServer.start(config);
        } catch (ConfigException e) {
            System.err.println("bulwark: the configuration cannot be used:");
            e.problems().forEach(problem -> System.err.println("  - " + problem));
            return 2;
        } catch (KeyLoadException | DatabaseUnavailableException e) {
            System.err.println("bulwark: " + e.getMessage());
            return 2;
        } catch (RedisUnavailableException e) {
            System.err.println("bulwark: " + e.getMessage() + " — start Redis or fix BULWARK_REDIS_URL; "
                    + "once running, the server rides out Redis outages by itself");
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bulwark-shutdown"));
        stopped.await();
        return 0;
    }
}
