package dev.bulwark.tools;

import dev.bulwark.tools.cli.BulwarkCli;
import dev.bulwark.tools.cli.ToolContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs the command line in-process against a directory and an environment of the test's choosing. */
public final class CliHarness {

    private CliHarness() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(Path dir, Map<String, String> env, String... args) {
        return run(dir, env, Clock.systemUTC(), args);
    }

    public static Result run(Path dir, Map<String, String> env, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BulwarkCli.run(new ToolContext(dir, env, new PrintWriter(out, true), new PrintWriter(err, true),
                false, clock), args);
        return new Result(code, out.toString(), err.toString());
    }
}
