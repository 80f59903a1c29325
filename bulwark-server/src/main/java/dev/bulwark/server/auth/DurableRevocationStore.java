package dev.bulwark.server.auth;

import dev.bulwark.revocation.InMemoryRevocationStore;
import dev.bulwark.revocation.RevocationStore;
import dev.bulwark.server.persistence.RevocationRepository;
import dev.bulwark.server.persistence.SessionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Revocations that survive a restart: each one is written to the database before it is added to the
 * in-memory set, and the set is loaded from the database at start. Reads never touch the database, so the check
 * made on every request costs a map lookup.
 *
 * <p>Session revocations are durable in the sessions table itself (the session store writes it there); this
 * class keeps their hot copy. With one instance per database this is exact. Several instances need the shared
 * hot copy on Redis (issue 3), because an instance would otherwise learn of another's revocation only at restart.
 */
public final class DurableRevocationStore implements RevocationStore {

    private final RevocationRepository revocations;
    private final InMemoryRevocationStore memory;

    public DurableRevocationStore(RevocationRepository revocations, InMemoryRevocationStore memory) {
        this.revocations = revocations;
        this.memory = memory;
    }

    /** Loads every live revocation from the database. */
    public void warm(SessionRepository sessions, Clock clock, Duration longestSession) {
        Instant now = clock.instant();
        Map<String, Instant> revokedSessions = new HashMap<>();
        for (String id : sessions.revokedSessionIds(now)) {
            revokedSessions.put(id, now.plus(longestSession));
        }
        memory.load(revocations.activeTokenRevocations(now), revokedSessions, revocations.userEpochs());
    }

    @Override
    public void revokeToken(String jti, Instant tokenExpiresAt) {
        revocations.revokeToken(jti, tokenExpiresAt);
        memory.revokeToken(jti, tokenExpiresAt);
    }

    @Override
    public void revokeSession(String sessionId, Instant sessionExpiresAt) {
        memory.revokeSession(sessionId, sessionExpiresAt);
    }

    @Override
    public void revokeUserBefore(String userId, Instant before) {
        revocations.setUserEpoch(userId, before);
        memory.revokeUserBefore(userId, before);
    }

    @Override
    public boolean isRevoked(String jti, String sessionId, String userId, Instant issuedAt) {
        return memory.isRevoked(jti, sessionId, userId, issuedAt);
    }

    /** Drops expired entries from memory and the database; called periodically. */
    public void purgeExpired(Clock clock) {
        memory.purgeExpired();
        // Keep rows a little past expiry: the verifier accepts a token for the clock skew after its exp.
        revocations.purgeExpired(clock.instant().minus(Duration.ofMinutes(5)));
    }
}
