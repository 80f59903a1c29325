package dev.bulwark.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process revocation set: three concurrent maps. It is the whole store in tests and the hot copy in
 * front of a durable store in the server, so it is warmed with {@link #load} at start.
 *
 * <p>Memory is bounded by the number of live revocations: entries past their expiry are dropped by
 * {@link #purgeExpired()}, which the owner calls periodically, and are ignored by reads in the meantime.
 * The user-epoch map keeps one instant per user that ever logged out everywhere; it is small and is not purged,
 * because an epoch has no natural expiry shorter than the longest refresh lifetime.
 */
public final class InMemoryRevocationStore implements RevocationStore {

    private final Clock clock;
    private final Duration grace;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> userEpochs = new ConcurrentHashMap<>();

    /**
     * @param grace how long past its expiry a revocation is still kept; at least the verifier's clock skew, since
     *              the verifier accepts a token that long after its {@code exp}
     */
    public InMemoryRevocationStore(Clock clock, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.clock = clock;
        this.grace = grace;
    }

    @Override
    public void revokeToken(String jti, Instant tokenExpiresAt) {
        tokens.merge(jti, tokenExpiresAt, InMemoryRevocationStore::later);
    }

    @Override
    public void revokeSession(String sessionId, Instant sessionExpiresAt) {
        sessions.merge(sessionId, sessionExpiresAt, InMemoryRevocationStore::later);
    }

    @Override
    public void revokeUserBefore(String userId, Instant before) {
        userEpochs.merge(userId, before, InMemoryRevocationStore::later);
    }

    @Override
    public boolean isRevoked(String jti, String sessionId, String userId, Instant issuedAt) {
        Instant now = clock.instant();
        if (jti != null && live(tokens.get(jti), now)) {
            return true;
        }
        if (sessionId != null && live(sessions.get(sessionId), now)) {
            return true;
        }
        Instant epoch = userId == null ? null : userEpochs.get(userId);
        // JWT times have whole seconds: a token whose iat second is before the epoch's second was issued before
        // the logout-all. Tokens from the same second belong to sessions that logout-all revoked by sid, so a
        // login made in that very second right after the logout keeps working.
        return epoch != null && issuedAt != null && issuedAt.getEpochSecond() < epoch.getEpochSecond();
    }

    /** Adds revocations read from a durable source (used at start and after a resync). */
    public void load(Map<String, Instant> tokenRevocations, Map<String, Instant> sessionRevocations,
                     Map<String, Instant> epochs) {
        tokenRevocations.forEach(this::revokeToken);
        sessionRevocations.forEach(this::revokeSession);
        epochs.forEach(this::revokeUserBefore);
    }

    /** Drops token and session revocations whose token or session has expired; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int before = tokens.size() + sessions.size();
        tokens.values().removeIf(expiry -> !live(expiry, now));
        sessions.values().removeIf(expiry -> !live(expiry, now));
        return before - (tokens.size() + sessions.size());
    }

    int size() {
        return tokens.size() + sessions.size() + userEpochs.size();
    }

    private boolean live(Instant expiry, Instant now) {
        return expiry != null && expiry.plus(grace).isAfter(now);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
