package dev.bulwark.tools.keys;

import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the keys of an environment are, found the way the server finds them: {@code BULWARK_KEYS_DIR} from the
 * real environment, else from {@code .env.ENV} / {@code .env} in the working directory, else
 * {@code config/ENV/keys}; relative paths against the working directory.
 */
final class KeysLocation {

    private KeysLocation() {
    }

    static EnvironmentSource settings(ToolContext context, DeploymentName env) {
        Map<String, String> environment = new HashMap<>(context.environment());
        environment.put("BULWARK_ENV", env.value());
        return EnvironmentSource.load(context.workingDir(), environment);
    }

    static Path keysDir(ToolContext context, DeploymentName env) {
        return context.resolve(settings(context, env).get("BULWARK_KEYS_DIR").orElse(env.defaultKeysDir()));
    }

    /**
     * The key directory of an environment that must exist already (rotate, list, prune); empty after telling the
     * user how to create it.
     */
    static Optional<Path> existingKeysDir(ToolContext context, DeploymentName env, String command) {
        Path keysDir = keysDir(context, env);
        if (!Files.isDirectory(keysDir)) {
            context.err().println("bulwark keys " + command + ": no key directory " + keysDir
                    + "; create the first key with: ./bulwark keys init --env " + env);
            return Optional.empty();
        }
        return Optional.of(keysDir);
    }
}
