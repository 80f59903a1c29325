package dev.bulwark.ratelimit.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests a policy applies to: any of {@code paths} (globs: {@code *} within one segment,
 * {@code **} any number of segments, so {@code /api/**} matches {@code /api} and {@code /api/x/y};
 * a trailing slash is insignificant) and any of {@code methods} (case-insensitive; empty means
 * every method). Paths are matched as given; normalising them is the HTTP layer's job.
 *
 * @param paths at least one pattern, each starting with {@code /}
 * @param methods standard HTTP methods, held in upper case
 */
public record RequestMatcher(List<String> paths, Set<String> methods) {

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    public RequestMatcher {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(methods, "methods");
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("at least one path pattern is needed; use \"/**\" for every path");
        }
        paths.forEach(PathPattern::validate);
        Set<String> upper = new LinkedHashSet<>();
        for (String method : methods) {
            String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            if (!KNOWN_METHODS.contains(m)) {
                throw new IllegalArgumentException("unknown HTTP method \"" + method + "\"; use one of "
                        + "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT");
            }
            upper.add(m);
        }
        methods = Set.copyOf(upper);
    }

    /** Matches these paths with any method. */
    public static RequestMatcher anyMethod(String... paths) {
        return new RequestMatcher(List.of(paths), Set.of());
    }

    /** Matches these paths with this one method. */
    public static RequestMatcher of(String method, String... paths) {
        return new RequestMatcher(List.of(paths), Set.of(method));
    }

    public boolean matches(String method, String path) {
        if (method == null || path == null) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(method.toUpperCase(Locale.ROOT))) {
            return false;
        }
        for (String pattern : paths) {
            if (PathPattern.matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }
}
