package dev.bulwark.tools.keys;

import dev.bulwark.token.KeyDirectory;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulwark keys list --env ENV}: kid, algorithm, creation time and state of every key. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the signing keys of an environment: kid, algorithm, created, active/retiring.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:bad arguments, or no usable keys"})
final class ListCommand implements Callable<Integer> {

    private final ToolContext context;

    @Option(names = "--env", required = true, converter = DeploymentName.Converter.class,
            description = "development, staging or production")
    DeploymentName env;

    ListCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<Path> existing = KeysLocation.existingKeysDir(context, env, "list");
        if (existing.isEmpty()) {
            return 2;
        }
        Path keysDir = existing.get();
        KeyStates states = KeyStates.of(KeyDirectory.load(keysDir));
        PrintWriter out = context.out();
        out.println("Keys of " + env + " in " + keysDir);
        String format = "%-43s  %-5s  %-20s  %s%n";
        out.printf(format, "KID", "ALG", "CREATED", "STATE");
        for (KeyStates.State s : states.keys()) {
            out.printf(format, s.key().kid(), s.key().algorithm(), s.key().createdAt(),
                    s.active() ? "active" : "retiring (since " + s.retiredAt().orElseThrow() + ")");
        }
        return 0;
    }
}
