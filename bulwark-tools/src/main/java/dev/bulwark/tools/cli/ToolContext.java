package dev.bulwark.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a tool command may touch of the outside world, handed in by {@link BulwarkCli} (the one composition root):
 * the directory it reads and writes relative to, the process environment, the two output streams, whether
 * stdout is a terminal (colour and progress lines), and the clock. Tests build one over a temporary directory;
 * no command reads {@code System.getenv()}, {@code user.dir} or {@code System.out} itself.
 */
public record ToolContext(Path workingDir, Map<String, String> environment, PrintWriter out, PrintWriter err,
        boolean terminal, Clock clock) {

    public ToolContext {
        Objects.requireNonNull(workingDir, "workingDir");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
    }

    /** The real process: the current directory, the real environment, stdout/stderr, a TTY when there is a console. */
    public static ToolContext ofProcess() {
        return new ToolContext(Path.of("").toAbsolutePath(), System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.console() != null, Clock.systemUTC());
    }

    /** {@code path} against the working directory (absolute paths stay as they are). */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
