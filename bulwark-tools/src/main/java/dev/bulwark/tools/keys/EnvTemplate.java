package dev.bulwark.tools.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's {@code .env.example}, shipped in the jar, filled in: the first line that sets (or, commented
 * out, suggests) a variable {@code keys init} owns becomes {@code NAME=value}; variables the template does not
 * mention are appended. Every other line — the comments that explain the settings — is kept as it is.
 */
final class EnvTemplate {

    private static final Pattern SETTING = Pattern.compile("^\\s*#?\\s*([A-Z][A-Z0-9_]*)\\s*=.*$");

    private EnvTemplate() {
    }

    static String shipped() {
        try (InputStream in = EnvTemplate.class.getResourceAsStream(".env.example")) {
            if (in == null) {
                throw new IllegalStateException("the .env.example template is missing from the jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fill(String template, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        StringBuilder out = new StringBuilder(template.length() + 256);
        for (String line : template.split("\n", -1)) {
            Matcher m = SETTING.matcher(line);
            if (m.matches() && pending.containsKey(m.group(1))) {
                String name = m.group(1);
                out.append(name).append('=').append(pending.remove(name));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        // split(-1) leaves one empty piece after a final newline; do not double it.
        if (template.endsWith("\n")) {
            out.setLength(out.length() - 1);
        }
        if (!pending.isEmpty()) {
            out.append("\n# Added by bulwark keys init\n");
            pending.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        }
        return out.toString();
    }
}
