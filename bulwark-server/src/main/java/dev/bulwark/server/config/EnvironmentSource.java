package dev.bulwark.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings as the process sees them: {@code .env}, then {@code .env.<BULWARK_ENV>} over it, then the real
 * environment over both (CONTRACT.md: the real environment wins). Files are read from the working directory.
 *
 * <p>The dotenv format read here is the common subset: {@code KEY=value} lines, {@code #} comments, an optional
 * {@code export } prefix, and values in single or double quotes. No variable expansion: a value is what it says.
 */
public final class EnvironmentSource {

    private final Map<String, String> values;

    private EnvironmentSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static EnvironmentSource of(Map<String, String> values) {
        return new EnvironmentSource(values);
    }

    /** Reads the dotenv files from {@code dir} beneath {@code environment}. */
    public static EnvironmentSource load(Path dir, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>(readDotenv(dir.resolve(".env")));
        String env = environment.getOrDefault("BULWARK_ENV", merged.getOrDefault("BULWARK_ENV", "development"));
        if (env.matches("[A-Za-z0-9_-]{1,32}")) {
            merged.putAll(readDotenv(dir.resolve(".env." + env.trim())));
        }
        merged.putAll(environment);
        return new EnvironmentSource(merged);
    }

    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public boolean isSet(String name) {
        return get(name).isPresent();
    }

    public static Map<String, String> readDotenv(Path file) {
        Map<String, String> result = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(List.of(file + " line " + (n + 1) + ": expected KEY=value"));
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            char quote = value.isEmpty() ? 0 : value.charAt(0);
            int close = quote == '"' || quote == '\'' ? value.indexOf(quote, 1) : -1;
            if (close > 0) {
                String rest = value.substring(close + 1).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    throw new ConfigException(List.of(file + " line " + (n + 1)
                            + ": text after the closing quote; put comments after a '#'"));
                }
                value = value.substring(1, close);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            result.put(key, value);
        }
        return result;
    }
}
