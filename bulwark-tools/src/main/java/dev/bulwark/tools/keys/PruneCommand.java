package dev.bulwark.tools.keys;

import dev.bulwark.core.Durations;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark keys prune --env ENV [--max-token-age 24h] [--dry-run]}: deletes retiring keys no live token can
 * have been signed with — those retired (superseded) longer ago than the longest token lifetime plus the largest
 * clock skew the server allows (2m). The active key is never deleted. The default age, 24h, is the longest access
 * token lifetime the server accepts, so the default is safe whatever the configuration; a shorter age than the
 * environment's {@code BULWARK_ACCESS_TTL} is refused, since it would cut live tokens off.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete retiring keys that can no longer have signed a live token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:pruned (or nothing to prune)", "2:bad arguments, or no usable keys"})
final class PruneCommand implements Callable<Integer> {

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    private final ToolContext context;

    @Option(names = "--env", required = true, converter = DeploymentName.Converter.class,
            description = "development, staging or production")
    DeploymentName env;

    @Option(names = "--max-token-age", defaultValue = "24h",
            description = "the longest lifetime of a token signed with these keys (default ${DEFAULT-VALUE})")
    String maxTokenAge;

    @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
    boolean dryRun;

    PruneCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Duration maxAge;
        try {
            maxAge = Durations.parse(maxTokenAge);
        } catch (IllegalArgumentException e) {
            context.err().println("bulwark keys prune: --max-token-age: " + e.getMessage());
            return 2;
        }
        Optional<String> accessTtl = KeysLocation.settings(context, env).get("BULWARK_ACCESS_TTL");
        Duration configured = Durations.parse(accessTtl.orElse("15m"));
        if (maxAge.compareTo(configured) < 0) {
            context.err().println("bulwark keys prune: --max-token-age " + maxTokenAge + " is shorter than the "
                    + "access token lifetime of " + env + " (BULWARK_ACCESS_TTL=" + Durations.format(configured)
                    + "); tokens still alive would stop verifying");
            return 2;
        }
        Optional<Path> existing = KeysLocation.existingKeysDir(context, env, "prune");
        if (existing.isEmpty()) {
            return 2;
        }
        Path keysDir = existing.get();
        Instant now = context.clock().instant();
        int removed = 0;
        int wouldRemove = 0;
        for (KeyStates.State s : KeyStates.of(KeyDirectory.load(keysDir)).keys()) {
            if (s.active()) {
                continue;
            }
            Instant safeAfter = s.retiredAt().orElseThrow().plus(maxAge).plus(MAX_CLOCK_SKEW);
            if (now.isBefore(safeAfter)) {
                context.out().println("keep   " + s.key().kid() + "  (tokens it signed may live until " + safeAfter + ")");
            } else if (dryRun) {
                context.out().println("would delete " + s.key().kid() + "  (retired " + s.retiredAt().get() + ")");
                wouldRemove++;
            } else if (KeyDirectory.delete(keysDir, s.key().kid())) {
                context.out().println("delete " + s.key().kid() + "  (retired " + s.retiredAt().get() + ")");
                removed++;
            }
        }
        if (dryRun) {
            context.out().println("Dry run: " + wouldRemove + " key(s) would be pruned; nothing was deleted.");
        } else {
            context.out().println(removed == 0 ? "Nothing pruned." : "Pruned " + removed + " key(s).");
        }
        return 0;
    }
}
