package dev.bulwark.tools.keys;

import dev.bulwark.tools.cli.ToolContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bulwark keys}: the signing keys and secrets of one deployment environment. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, rotate, list and prune the signing keys of an environment (config/ENV/keys).")
public final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The {@code keys} command with its subcommands, all working against {@code context}. */
    public static CommandLine commandLine(ToolContext context) {
        CommandLine keys = new CommandLine(new KeysCommand());
        return keys;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
