package dev.bulwark.ratelimit.policy;

import dev.bulwark.ratelimit.RateLimit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named rate limit: the requests it looks at, what it counts them by, and the limit.
 *
 * @param name {@code [a-z0-9][a-z0-9_-]{0,62}}; shows in headers, metrics, logs and Redis keys
 */
public record RateLimitPolicy(String name, RequestMatcher match, KeyKind key, RateLimit limit) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final long MICROS_PER_SECOND = 1_000_000L;

    public RateLimitPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("policy name \"" + name + "\" is invalid; use 1 to 63 characters "
                    + "of a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Whether this policy looks at a request with this method and (normalised) path. */
    public boolean matches(String method, String path) {
        return match.matches(method, path);
    }

    /**
     * The {@code RateLimit-Policy} header value, e.g. {@code 600;w=60;name="api-user"}: the limit
     * per window, the window in whole seconds (rounded up, at least 1) and the name. The name's
     * character set needs no escaping inside the quotes.
     */
    public String headerValue() {
        long windowSeconds = Math.max(1, (limit.periodMicros() + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND);
        return limit.limit() + ";w=" + windowSeconds + ";name=\"" + name + "\"";
    }
}
