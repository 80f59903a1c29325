package dev.bulwark.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The verified content of an access token (RFC 9068 profile plus Bulwark's {@code tid},
 * {@code role} and {@code sid}). Times are whole seconds, as they are in the token.
 *
 * @param subject   {@code sub}: the user id
 * @param tenantId  {@code tid}: the tenant every request is scoped to
 * @param role      {@code role} within that tenant
 * @param scope     {@code scope}, split on spaces; empty when the token has none
 * @param sessionId {@code sid}: the refresh-token family, revoked together on logout
 * @param jti       {@code jti}: this token's unique id
 */
public record AccessTokenClaims(
        String subject,
        String tenantId,
        String role,
        List<String> scope,
        String sessionId,
        String jti,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt) {

    public AccessTokenClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        scope = scope == null ? List.of() : List.copyOf(scope);
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when {@code scope} contains this exact value. */
    public boolean hasScope(String value) {
        return scope.contains(value);
    }
}
