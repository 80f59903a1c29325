package dev.bulwark.server.persistence;

import java.time.Instant;

/**
 * A session as stored: one refresh-token family of one user. {@code revokedAt} and
 * {@code revokeReason} are {@code null} until it is revoked.
 */
public record SessionRow(String id, String tenantId, String userId, Instant createdAt, Instant expiresAt,
        Instant revokedAt, String revokeReason) {

    /** Not revoked and not expired at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
