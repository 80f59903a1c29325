package dev.bulwark.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CORS for the origins of {@code BULWARK_CORS_ORIGINS}, compared exactly (scheme, host and port, case-insensitive
 * host): no wildcard, no suffix match, no reflection of whatever origin was sent. An allowed origin gets itself
 * back in {@code Access-Control-Allow-Origin} with {@code Vary: Origin}; a foreign origin gets no CORS header at
 * all, so the browser keeps the response from the page. Credentials are never allowed: the API authenticates
 * with headers (a Bearer token or {@code X-API-Key}), never with cookies, so there is nothing for a browser to
 * attach by itself and no reason to widen that.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here, 204 for an
 * allowed origin and 403 problem+json for a foreign one, before authentication (browsers send it without
 * credentials).
 */
final class CorsPolicy implements Handler {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-API-Key";
    static final String EXPOSED_HEADERS = "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, "
            + "Retry-After, X-Request-Id";

    private final Set<String> origins;

    CorsPolicy(List<String> origins) {
        this.origins = Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        boolean preflight = ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null;
        boolean allowed = origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
        if (origin != null) {
            ctx.header("Vary", "Origin");
        }
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        if (!preflight) {
            return;
        }
        if (!allowed) {
            throw new ProblemException(403, "Forbidden", "cross-origin requests from this origin are not allowed",
                    List.of(), Map.of());
        }
        ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
        ctx.skipRemainingHandlers();
    }
}
