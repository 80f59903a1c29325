package dev.bulwark.testkit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code jdbc:postgresql://} URL split into its base and query parameters, so that a
 * {@code currentSchema} can be set whether or not the URL already has a query.
 */
record PostgresUrl(String base, List<String[]> params) {

    static PostgresUrl parse(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "BULWARK_TEST_POSTGRES_URL must be a jdbc:postgresql:// URL, got: " + redact(url));
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return new PostgresUrl(url, List.of());
        }
        List<String[]> params = new ArrayList<>();
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new String[] {decode(key), decode(value)});
        }
        return new PostgresUrl(url.substring(0, q), List.copyOf(params));
    }

    /** The value of the last parameter named {@code key}, or {@code null}. */
    String param(String key) {
        String found = null;
        for (String[] p : params) {
            if (p[0].equals(key)) {
                found = p[1];
            }
        }
        return found;
    }

    /** This URL with {@code currentSchema=schema}, replacing any {@code currentSchema} it had. */
    String withCurrentSchema(String schema) {
        StringBuilder sb = new StringBuilder(base).append('?');
        for (String[] p : params) {
            if (!p[0].equals("currentSchema")) {
                sb.append(encode(p[0])).append('=').append(encode(p[1])).append('&');
            }
        }
        return sb.append("currentSchema=").append(encode(schema)).toString();
    }

    /** This URL without any {@code currentSchema}, for the administrative connection. */
    String withoutCurrentSchema() {
        StringBuilder sb = new StringBuilder(base);
        char sep = '?';
        for (String[] p : params) {
            if (!p[0].equals("currentSchema")) {
                sb.append(sep).append(encode(p[0])).append('=').append(encode(p[1]));
                sep = '&';
            }
        }
        return sb.toString();
    }

    /** The URL with the value of any {@code password} parameter replaced, fit for a message. */
    static String redact(String url) {
        return url == null ? "null" : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
