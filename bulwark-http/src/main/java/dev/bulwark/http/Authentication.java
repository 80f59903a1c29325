package dev.bulwark.http;

import dev.bulwark.token.AccessTokenClaims;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.RejectionReason;
import dev.bulwark.token.TokenRejectedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Establishes the caller from {@code Authorization: Bearer} or {@code X-API-Key}. A request with no credential
 * passes on anonymous (the route decides whether that is enough); a request with a bad one is 401, with the
 * same {@code invalid_token} answer whatever was wrong — the reason goes to the security log and the counters,
 * never to the client, which could otherwise probe the verifier.
 */
final class Authentication implements Handler {

    private final AccessTokenVerifier verifier;
    private final ApiKeyAuthenticator apiKeys;
    private final SecurityEvents events;
    private final Set<String> publicPaths;
    private final Map<RejectionReason, LongAdder> rejections = new EnumMap<>(RejectionReason.class);

    Authentication(AccessTokenVerifier verifier, ApiKeyAuthenticator apiKeys, SecurityEvents events,
                   Set<String> publicPaths) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
        this.events = events;
        this.publicPaths = Set.copyOf(publicPaths);
        for (RejectionReason reason : RejectionReason.values()) {
            rejections.put(reason, new LongAdder());
        }
    }

    @Override
    public void handle(Context ctx) {
        String path = RequestAttributes.normalisedPath(ctx);
        if (publicPaths.contains(path) || path.equals("/admin") || path.startsWith("/admin/")) {
            // Public endpoints take no credential; /admin takes only the operator's token, checked by its routes.
            return;
        }
        String authorization = ctx.header("Authorization");
        String apiKey = ctx.header("X-API-Key");
        if (authorization != null && apiKey != null) {
            throw ProblemException.badRequest("send either a Bearer token or an API key, not both");
        }
        if (authorization != null) {
            ctx.attribute(RequestAttributes.PRINCIPAL, fromBearer(ctx, authorization));
        } else if (apiKey != null) {
            Principal principal = apiKeys.authenticate(apiKey).orElseThrow(() -> {
                events.record("invalid_api_key", ctx, Map.of());
                return ProblemException.unauthorized("the API key is not valid");
            });
            ctx.attribute(RequestAttributes.PRINCIPAL, principal);
        }
    }

    private Principal fromBearer(Context ctx, String authorization) {
        String token = bearerToken(authorization);
        if (token == null) {
            events.record("invalid_token", ctx, Map.of("reason", "malformed_header"));
            throw ProblemException.unauthorized("send the access token as 'Authorization: Bearer <token>'");
        }
        try {
            AccessTokenClaims claims = verifier.verify(token);
            return new Principal(Principal.Kind.ACCESS_TOKEN, claims.subject(), claims.tenantId(), claims.role(),
                    claims.scope(), claims.sessionId(), claims.jti(), claims.expiresAt(), null);
        } catch (TokenRejectedException e) {
            rejections.get(e.reason()).increment();
            events.record("invalid_token", ctx, Map.of("reason", e.reason().name().toLowerCase(Locale.ROOT)));
            throw ProblemException.unauthorized("the access token is not valid");
        }
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive, RFC 7235), or null. */
    static String bearerToken(String authorization) {
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }

    /** How many tokens were refused, by reason; read by metrics. */
    long rejected(RejectionReason reason) {
        return rejections.get(reason).sum();
    }
}
