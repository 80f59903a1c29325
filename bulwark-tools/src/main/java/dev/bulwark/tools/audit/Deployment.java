package dev.bulwark.tools.audit;

import dev.bulwark.core.Durations;
import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.tools.cli.DeploymentName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the audit looks at: the settings of one environment exactly as the server would read them
 * ({@link EnvironmentSource#load} over the working directory with {@code BULWARK_ENV=ENV}, so {@code .env.ENV} is
 * used), the environment file on its own, and the working directory. Nothing here is validated: the audit must
 * report on configurations the server would refuse, so values are read leniently and each check says what is wrong.
 */
final class Deployment {

    private final DeploymentName env;
    private final Path workingDir;
    private final EnvironmentSource settings;
    private final Map<String, String> envFileValues;
    private final Map<String, String> processEnvironment;

    Deployment(DeploymentName env, Path workingDir, Map<String, String> processEnvironment) {
        this.env = env;
        this.workingDir = workingDir;
        this.processEnvironment = Map.copyOf(processEnvironment);
        Map<String, String> environment = new HashMap<>(processEnvironment);
        environment.put("BULWARK_ENV", env.value());
        this.settings = EnvironmentSource.load(workingDir, environment);
        this.envFileValues = EnvironmentSource.readDotenv(workingDir.resolve(env.envFile()));
    }

    DeploymentName env() {
        return env;
    }

    boolean isDevelopment() {
        return env.isDevelopment();
    }

    boolean isProduction() {
        return env.value().equals("production");
    }

    Path workingDir() {
        return workingDir;
    }

    Path envFile() {
        return workingDir.resolve(env.envFile());
    }

    boolean envFileExists() {
        return Files.isRegularFile(envFile());
    }

    /** The merged setting, as the server sees it (blank counts as unset). */
    Optional<String> get(String name) {
        return settings.get(name);
    }

    /** What {@code .env.ENV} itself says, ignoring the other sources. */
    Optional<String> inEnvFile(String name) {
        return Optional.ofNullable(envFileValues.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The process environment the audit was started with (never printed: it may hold secrets). */
    Map<String, String> processEnvironmentView() {
        return processEnvironment;
    }

    Optional<String> inProcessEnvironment(String name) {
        return Optional.ofNullable(processEnvironment.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }

    Path keysDir() {
        return get("BULWARK_KEYS_DIR").map(this::resolve)
                .orElse(resolve(get("BULWARK_DATA_DIR").orElse("./data")).resolve("keys"));
    }

    /** A duration setting: the parsed value, or empty with {@code error} set when it does not parse. */
    ParsedDuration duration(String name, String fallback) {
        String raw = get(name).orElse(fallback);
        try {
            return new ParsedDuration(raw, Optional.of(Durations.parse(raw)));
        } catch (IllegalArgumentException e) {
            return new ParsedDuration(raw, Optional.empty());
        }
    }

    record ParsedDuration(String raw, Optional<Duration> value) {
    }
}
