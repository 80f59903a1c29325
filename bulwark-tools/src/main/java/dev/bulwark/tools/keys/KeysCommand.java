package dev.bulwark.tools.keys;

import dev.bulwark.tools.cli.ToolContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bulwark keys}: the signing keys and the operator token of one deployment environment.
 *
 * <p>Lifecycle of a key: {@code init} makes the first one; {@code rotate} adds a newer one, which signs from then
 * on (the newest key is the active one), while the older ones stay in the directory — and so in the JWKS — to
 * verify the tokens they signed; once the longest-lived of those has expired, {@code prune} deletes them. A
 * running server re-reads the directory within ten seconds ({@code dev.bulwark.token.ReloadingKeyRing}).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, rotate, list and prune the signing keys of an environment (config/ENV/keys).")
public final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The {@code keys} command with its subcommands, all working against {@code context}. */
    public static CommandLine commandLine(ToolContext context) {
        CommandLine keys = new CommandLine(new KeysCommand());
        keys.addSubcommand("init", new InitCommand(context));
        keys.addSubcommand("rotate", new RotateCommand(context));
        keys.addSubcommand("list", new ListCommand(context));
        keys.addSubcommand("prune", new PruneCommand(context));
        return keys;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
