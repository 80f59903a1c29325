package dev.bulwark.revocation;

import java.time.Instant;

/**
 * Where revocations live. Three kinds, checked on every request:
 * <ul>
 *   <li>one access token, by its {@code jti}, kept until the token would have expired anyway;</li>
 *   <li>one session (a refresh-token family, the {@code sid} claim), kept until the session would have expired;</li>
 *   <li>a user epoch: every token of that user issued before the epoch's second is revoked (logout-all).</li>
 * </ul>
 * Implementations must make a revocation visible to {@link #isRevoked} as soon as the revoking call returns,
 * and must never forget one before its expiry (DESIGN.md, "State": a revocation is never lost).
 */
public interface RevocationStore {

    void revokeToken(String jti, Instant tokenExpiresAt);

    void revokeSession(String sessionId, Instant sessionExpiresAt);

    /** Revokes every token of the user whose {@code iat} lies in a second before {@code before}'s second. */
    void revokeUserBefore(String userId, Instant before);

    boolean isRevoked(String jti, String sessionId, String userId, Instant issuedAt);
}
