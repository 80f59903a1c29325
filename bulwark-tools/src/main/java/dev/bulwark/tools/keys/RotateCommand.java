package dev.bulwark.tools.keys;

import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.SigningAlgorithm;
import dev.bulwark.token.SigningKey;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark keys rotate --env ENV [--alg A]}: a new key that becomes the active one (the newest key signs);
 * the old keys stay for verification. The new key's creation time is made strictly later than the current
 * active key's, so it wins even when two rotations fall in the same second (key times are whole seconds and a
 * tie would go to the larger kid, which is chance).
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = "Add a new active signing key; older keys keep verifying the tokens they signed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rotated", "2:bad arguments, or no usable keys (run keys init first)"})
final class RotateCommand implements Callable<Integer> {

    private final ToolContext context;

    @Option(names = "--env", required = true, converter = DeploymentName.Converter.class,
            description = "development, staging or production")
    DeploymentName env;

    @Option(names = "--alg", converter = AlgorithmConverter.class,
            description = "algorithm of the new key (default: BULWARK_JWT_ALG, else the active key's)")
    SigningAlgorithm alg;

    RotateCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<Path> existing = KeysLocation.existingKeysDir(context, env, "rotate");
        if (existing.isEmpty()) {
            return 2;
        }
        Path keysDir = existing.get();
        KeyRing ring = KeyDirectory.load(keysDir);
        SigningKey previous = ring.active();
        SigningAlgorithm algorithm = alg != null ? alg
                : KeysLocation.settings(context, env).get("BULWARK_JWT_ALG").map(SigningAlgorithm::parse)
                        .orElse(previous.algorithm());
        Instant now = context.clock().instant();
        Instant created = now.isAfter(previous.createdAt().plusMillis(999)) ? now : previous.createdAt().plusSeconds(1);
        SigningKey key = KeyDirectory.generateInto(keysDir, algorithm, Clock.fixed(created, ZoneOffset.UTC));
        context.out().println("New active key " + key.kid() + " (" + algorithm + ") in " + keysDir);
        context.out().println("Retiring key " + previous.kid() + " (" + previous.algorithm() + "): it keeps "
                + "verifying the tokens it signed; remove it after the longest token lifetime with: "
                + "./bulwark keys prune --env " + env);
        context.out().println("Running servers pick the new key up within 10 seconds; no restart is needed.");
        return 0;
    }
}
