package dev.bulwark.tools.cli;

import dev.bulwark.server.cli.ServeCommand;
import dev.bulwark.server.cli.Version;
import dev.bulwark.tools.audit.AuditCommand;
import dev.bulwark.tools.keys.KeysCommand;
import dev.bulwark.tools.pentest.PentestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bulwark}: the launcher's entry point (the main class of {@code bulwark-tools/target/bulwark.jar}).
 * Every subcommand is a class of its own; this class only wires them together and maps failures to
 * CONTRACT.md's exit codes: 0 success, 1 a finding or a refusal the command defines (an existing file without
 * {@code --force}, an audit or pentest finding), 2 bad arguments, bad configuration or "could not run".
 */
@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Bulwark: the security layer of a multi-tenant SaaS API, its API server, and its tools.")
public final class BulwarkCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(ToolContext.ofProcess(), args));
    }

    /** Runs one command line against {@code context}; returns the exit code. */
    public static int run(ToolContext context, String... args) {
        CommandLine line = commandLine(context);
        return line.execute(args);
    }

    static CommandLine commandLine(ToolContext context) {
        CommandLine line = new CommandLine(new BulwarkCli());
        line.addSubcommand("serve", new ServeCommand());
        line.addSubcommand("keys", KeysCommand.commandLine(context));
        line.addSubcommand("audit", new AuditCommand(context));
        line.addSubcommand("pentest", new PentestCommand(context));
        line.addSubcommand("help", new CommandLine.HelpCommand());

        line.setOut(context.out());
        line.setErr(context.err());
        // An exception that escapes a command means it could not do its work: 2, with the message, no stack trace.
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("bulwark " + cmd.getCommandName() + ": " + e.getMessage());
            cmd.getErr().flush();
            return 2;
        });
        line.setExitCodeExceptionMapper(e -> 2);
        line.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            e.getCommandLine().getErr().flush();
            return 2;
        });
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
