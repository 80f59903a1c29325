package dev.bulwark.tools.audit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The first node of {@code BULWARK_REDIS_URL}, parsed leniently: scheme, host, port, user and password. The
 * password is kept only to authenticate the probe; {@link #toString()} leaves it out.
 */
record RedisTarget(String scheme, String host, int port, Optional<String> user, Optional<String> password,
        int nodes) {

    static Optional<RedisTarget> parse(String url) {
        String[] parts = url.split(",");
        String first = parts[0].trim();
        try {
            URI uri = new URI(first);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")
                    || uri.getHost() == null) {
                return Optional.empty();
            }
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            String info = uri.getRawUserInfo();
            if (info != null && !info.isEmpty()) {
                int colon = info.indexOf(':');
                if (colon < 0) {
                    password = Optional.of(decode(info));
                } else {
                    String u = decode(info.substring(0, colon));
                    user = u.isEmpty() ? Optional.empty() : Optional.of(u);
                    String p = decode(info.substring(colon + 1));
                    password = p.isEmpty() ? Optional.empty() : Optional.of(p);
                }
            }
            int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("redis-sentinel") ? 26379 : 6379;
            return Optional.of(new RedisTarget(scheme, uri.getHost(), port, user, password, parts.length));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    boolean tls() {
        return scheme.equals("rediss");
    }

    boolean sentinel() {
        return scheme.equals("redis-sentinel");
    }

    @Override
    public String toString() {
        return scheme + "://" + user.map(u -> u + "@").orElse("") + host + ":" + port
                + (nodes > 1 ? " (+" + (nodes - 1) + " more nodes)" : "");
    }
}
