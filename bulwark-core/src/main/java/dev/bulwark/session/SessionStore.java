package dev.bulwark.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of sessions and their refresh tokens. Refresh tokens are stored only as hashes.
 *
 * <p>{@link #rotate} is the security-critical operation: it must be atomic, so that of any number of concurrent
 * calls presenting the same token exactly one sees {@link RotationOutcome#ROTATED}; every other call, and every
 * later one, sees {@link RotationOutcome#REUSED} and finds the session revoked.
 */
public interface SessionStore {

    void create(SessionRecord session, String refreshHash, Instant refreshExpiresAt);

    RotationResult rotate(String presentedHash, String newHash, Instant now, Instant newRefreshExpiresAt);

    Optional<SessionRecord> find(String sessionId);

    /** Returns false when the session is unknown or already revoked. */
    boolean revoke(String sessionId, Instant at, String reason);

    /** Revokes every live session of the user and returns what it revoked. */
    List<SessionRecord> revokeAllForUser(String userId, Instant at, String reason);
}
