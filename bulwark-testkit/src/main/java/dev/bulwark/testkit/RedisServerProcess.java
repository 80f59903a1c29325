package dev.bulwark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process for a test, on a free port of {@code 127.0.0.1} (never
 * 6379), with its data, config and log in a temp directory of its own.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.Options.defaults())) {
 *     client = RedisClient.create(redis.url());
 *     redis.kill();     // SIGKILL: the crash
 *     redis.restart();  // same port, same options; empty unless AOF was asked for
 *     redis.pause();    // SIGSTOP: a server that accepts nothing and answers nothing
 *     redis.resume();
 * }
 * }</pre>
 *
 * <p>By default nothing is persisted ({@code save ""}, {@code appendonly no}), so a restart
 * comes back empty — the "Redis restarted without persistence" fault. With {@link
 * Options#withAppendOnly()} the AOF is fsynced on every write ({@code appendfsync always}), so even
 * a {@link #kill()} loses nothing and a test can rely on it.
 *
 * <p>The binary is the system {@code redis-server} when it is on the {@code PATH}, else the one
 * shipped in the {@code embedded-redis} jar. Not thread-safe: one test drives one process.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final int START_TIMEOUT_MILLIS = 15_000;
    private static final int FORBIDDEN_PORT = 6379;

    /**
     * How a server is configured. Immutable; the {@code with…} methods return a copy.
     *
     * @param password {@code requirepass} (and {@code masterauth}), or {@code null} for none
     * @param appendOnly AOF persistence in the temp directory, fsynced on every write
     * @param clusterEnabled {@code cluster-enabled yes}; the node still has to be joined to a Cluster
     * @param binary the executable, or {@code null} to find one
     * @param settings further {@code redis.conf} lines, name to value, written last
     */
    public record Options(String password, boolean appendOnly, boolean clusterEnabled, Path binary,
            Map<String, String> settings) {

        public Options {
            settings = Map.copyOf(settings);
            if (password != null && (password.isEmpty() || password.chars().anyMatch(c -> c <= ' ' || c == '"'))) {
                throw new IllegalArgumentException("password must be non-empty, without spaces or quotes");
            }
        }

        /** No password, no persistence, standalone. */
        public static Options defaults() {
            return new Options(null, false, false, null, Map.of());
        }

        public Options withPassword(String password) {
            return new Options(Objects.requireNonNull(password, "password"), appendOnly, clusterEnabled, binary,
                    settings);
        }

        public Options withAppendOnly() {
            return new Options(password, true, clusterEnabled, binary, settings);
        }

        public Options withClusterEnabled() {
            return new Options(password, appendOnly, true, binary, settings);
        }

        /** Use this executable instead of looking on the PATH. */
        public Options withBinary(Path binary) {
            return new Options(password, appendOnly, clusterEnabled, Objects.requireNonNull(binary, "binary"),
                    settings);
        }

        /** The {@code redis-server} shipped in the embedded-redis jar (Redis 6.2), even when one is on the PATH. */
        public Options withShippedBinary() {
            return withBinary(RedisBinary.shipped());
        }

        /** One more {@code redis.conf} line, e.g. {@code ("maxmemory", "10mb")}. */
        public Options withSetting(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(name, value);
            return new Options(password, appendOnly, clusterEnabled, binary, more);
        }
    }

    private final Options options;
    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;
    private boolean paused;

    private RedisServerProcess(Options options, Path binary, Path dir, int port) {
        this.options = options;
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server with the default options. */
    public static RedisServerProcess start() {
        return start(Options.defaults());
    }

    /**
     * Starts a server and returns once it answers {@code PING}.
     *
     * @throws IllegalStateException if it does not start; the message holds the end of its log
     */
    public static RedisServerProcess start(Options options) {
        Objects.requireNonNull(options, "options");
        Path binary = options.binary() != null ? options.binary() : RedisBinary.find();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between the check and the bind
            Path dir;
            try {
                dir = Files.createTempDirectory("bulwark-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisServerProcess server = new RedisServerProcess(options, binary, dir, freePort(options.clusterEnabled()));
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                last = e;
                if (!e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** The TCP port, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:port}. */
    public String url() {
        return "redis://" + (options.password() == null ? "" : ":" + options.password() + "@") + "127.0.0.1:" + port;
    }

    /** The options it was started with. */
    public Options options() {
        return options;
    }

    /** Its temp directory: config, log, AOF, {@code nodes.conf}. */
    public Path directory() {
        return dir;
    }

    /** Whether the process is running (a paused one is). */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's process id. */
    public long pid() {
        requireStarted();
        return process.pid();
    }

    /** SIGKILL, and waits for the process to be gone: a crash, no shutdown, no save. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitForExit();
        paused = false;
    }

    /** A clean stop ({@code SHUTDOWN NOSAVE}; the AOF, when on, is flushed); SIGKILL if that does not work in 5 s. */
    public void stop() {
        if (!isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        try (RespConnection c = connect(2_000)) {
            c.call("SHUTDOWN", "NOSAVE");
        } catch (IOException expected) {
            // the server closes the connection instead of answering
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the process if it runs and starts it again on the same port with the same options. */
    public void restart() {
        kill();
        launch();
    }

    /** SIGSTOP: the process keeps its port and its connections but answers nothing. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /**
     * Runs one command on a connection of its own (authenticated when there is a password) and
     * returns the reply: {@link String}, {@link Long}, {@link List} or {@code null}.
     *
     * @throws IllegalStateException on an error reply or an I/O failure
     */
    public Object call(String... command) {
        try (RespConnection c = connect(5_000)) {
            return c.call(command);
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + ": " + String.join(" ", command)
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Kills the process (if it runs) and deletes its temp directory. */
    @Override
    public void close() {
        kill();
        deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "RedisServerProcess[127.0.0.1:" + port + (isAlive() ? "" : ", not running") + "]";
    }

    // ---------------------------------------------------------------------------------------------

    RespConnection connect(int timeoutMillis) throws IOException {
        RespConnection c = RespConnection.open(port, timeoutMillis);
        if (options.password() != null) {
            try {
                c.call("AUTH", options.password());
            } catch (IOException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private void launch() {
        Path config = dir.resolve("redis.conf");
        Path stdout = dir.resolve("stdout.log");
        try {
            Files.writeString(config, configText(), StandardCharsets.UTF_8);
            process = new ProcessBuilder(binary.toString(), config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        paused = false;
        awaitPing();
    }

    private String configText() {
        List<String> lines = new ArrayList<>();
        lines.add("port " + port);
        lines.add("bind 127.0.0.1");
        lines.add("daemonize no");
        lines.add("dir \"" + dir + "\"");
        lines.add("logfile \"" + dir.resolve("redis.log") + "\"");
        lines.add("save \"\"");
        if (options.appendOnly()) {
            lines.add("appendonly yes");
            lines.add("appendfsync always");
        } else {
            lines.add("appendonly no");
        }
        if (options.password() != null) {
            lines.add("requirepass \"" + options.password() + "\"");
            lines.add("masterauth \"" + options.password() + "\"");
        }
        if (options.clusterEnabled()) {
            lines.add("cluster-enabled yes");
            lines.add("cluster-config-file nodes.conf");
            lines.add("cluster-node-timeout 5000");
        }
        options.settings().forEach((name, value) -> lines.add(name + " " + value));
        return String.join("\n", lines) + "\n";
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with "
                        + process.exitValue() + " while starting; " + logTail());
            }
            try (RespConnection c = RespConnection.open(port, 1_000)) {
                c.call("PING");
                return;
            } catch (RespConnection.RespError e) {
                if (!e.getMessage().startsWith("LOADING")) {
                    return; // NOAUTH and the like: it is up and answering
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(20);
        }
        process.destroyForcibly();
        waitForExit();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MILLIS + " ms; " + logTail());
    }

    /** The last lines of the server's log and of its console output. */
    String logTail() {
        StringBuilder s = new StringBuilder();
        for (String name : List.of("redis.log", "stdout.log")) {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                s.append("last lines of ").append(file).append(":\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> s.append("  ").append(l)
                        .append('\n'));
            } catch (IOException e) {
                s.append("cannot read ").append(file).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return s.length() == 0 ? "no log written" : s.toString();
    }

    private void signal(String signal) {
        requireStarted();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server pid " + process.pid() + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A port that was free a moment ago, never 6379. Cluster nodes also need port + 10000 (the
     * cluster bus) free, and so must stay below 55536.
     */
    private static int freePort(boolean withBus) {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 45_000);
            if (port == FORBIDDEN_PORT || !canBind(port) || (withBus && !canBind(port + 10_000))) {
                continue;
            }
            return port;
        }
        throw new IllegalStateException("no free port found");
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing a test for
        }
    }
}
