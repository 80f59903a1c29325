package dev.bulwark.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The server-only command line ({@code serve}): the entry point of the server module on its own, used by its tests.
 * The launcher runs {@code dev.bulwark.tools.cli.BulwarkCli} from {@code bulwark-tools}, which adds the tools.
 */
@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Bulwark: the security layer of a multi-tenant SaaS API, and its API server.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class BulwarkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine line = new CommandLine(new BulwarkCommand());
        // CONTRACT.md: 2 means bad arguments or configuration.
        line.setExitCodeExceptionMapper(e -> 2);
        line.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 2;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
