package dev.bulwark.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Redis is, parsed from a {@code BULWARK_REDIS_URL} (CONTRACT.md):
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host:port[/db]} — one server; {@code rediss://} the same over TLS;
 *   <li>{@code redis-sentinel://[password@]host:port[,host2:port2]/?sentinelMasterId=mymaster} (or Lettuce's
 *       {@code ...#mymaster}) — the master that the Sentinels name;
 *   <li>several comma-separated {@code redis://} (or {@code rediss://}) URLs — the seed nodes of a Cluster.
 * </ul>
 *
 * <p>{@link #toString()} never shows a password: use it in every message.
 *
 * @param kind how to connect
 * @param uris one for a server or Sentinel set, one per seed node for a Cluster
 * @param redacted the URL with any credentials replaced by {@code ***}
 */
public record RedisEndpoint(Kind kind, List<RedisURI> uris, String redacted) {

    /** The three topologies a URL can name. */
    public enum Kind {
        STANDALONE, SENTINEL, CLUSTER
    }

    private static final Pattern CREDENTIALS = Pattern.compile("(?<=://)[^@/,]*@");

    public RedisEndpoint {
        Objects.requireNonNull(kind, "kind");
        uris = List.copyOf(uris);
        Objects.requireNonNull(redacted, "redacted");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no Redis URI");
        }
    }

    /**
     * Parses a URL.
     *
     * @throws IllegalArgumentException naming the (redacted) URL when it is none of the accepted forms
     */
    public static RedisEndpoint parse(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.trim();
        String redacted = redact(trimmed);
        try {
            if (trimmed.startsWith("redis-sentinel://") || trimmed.startsWith("rediss-sentinel://")) {
                RedisURI uri = RedisURI.create(trimmed);
                if (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isEmpty()) {
                    throw new IllegalArgumentException("a redis-sentinel URL needs ?sentinelMasterId=<name>");
                }
                return new RedisEndpoint(Kind.SENTINEL, List.of(uri), redacted);
            }
            String[] parts = trimmed.split(",");
            List<RedisURI> uris = new ArrayList<>();
            for (String part : parts) {
                String p = part.trim();
                if (!p.startsWith("redis://") && !p.startsWith("rediss://")) {
                    throw new IllegalArgumentException("use redis://, rediss:// or redis-sentinel://");
                }
                uris.add(RedisURI.create(p));
            }
            return new RedisEndpoint(uris.size() == 1 ? Kind.STANDALONE : Kind.CLUSTER, uris, redacted);
        } catch (IllegalArgumentException e) {
            // Lettuce's own messages may quote the URL, password included: do not pass them on.
            String own = e.getMessage() == null ? "" : e.getMessage();
            String reason = own.startsWith("use ") || own.startsWith("a redis-sentinel") ? own
                    : trimmed.contains("-sentinel://")
                            ? "it cannot be parsed; a redis-sentinel URL needs hosts and ?sentinelMasterId=<name>"
                            : "it cannot be parsed";
            throw new IllegalArgumentException("invalid Redis URL " + redacted + ": " + reason);
        }
    }

    /** {@code url} with the user-info part of every {@code scheme://user:password@} replaced by {@code ***@}. */
    public static String redact(String url) {
        return CREDENTIALS.matcher(url).replaceAll("***@");
    }

    @Override
    public String toString() {
        return kind + " " + redacted;
    }
}
