package dev.bulwark.server.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.ratelimit.policy.RateLimitPolicies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads a rate-limit policy file (CONTRACT.md, "Rate-limit policy file") into checked policies. */
public final class PolicyFiles {

    private PolicyFiles() {
    }

    public static RateLimitPolicies read(Path file) {
        Map<String, Object> document;
        try {
            document = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new ConfigException(List.of("BULWARK_POLICIES=" + file + " is not valid YAML: "
                    + firstLine(e.getMessage())));
        }
        if (document == null) {
            throw new ConfigException(List.of("BULWARK_POLICIES=" + file + " is empty; it needs a 'policies:' list"));
        }
        try {
            return RateLimitPolicies.fromMap(document);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("BULWARK_POLICIES=" + file + ": " + e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
