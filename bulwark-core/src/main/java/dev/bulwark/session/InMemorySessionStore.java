package dev.bulwark.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions held in memory, for tests and for embedding Bulwark where sessions may be lost on restart.
 * One lock guards both maps: rotation reads a token and its session and writes both, and must be atomic.
 */
public final class InMemorySessionStore implements SessionStore {

    private record Refresh(String sessionId, Instant expiresAt, boolean spent) {
    }

    private record Entry(SessionRecord session, Instant revokedAt) {
    }

    private final Map<String, Entry> sessions = new HashMap<>();
    private final Map<String, Refresh> refreshes = new HashMap<>();

    @Override
    public synchronized void create(SessionRecord session, String refreshHash, Instant refreshExpiresAt) {
        sessions.put(session.id(), new Entry(session, null));
        refreshes.put(refreshHash, new Refresh(session.id(), refreshExpiresAt, false));
    }

    @Override
    public synchronized RotationResult rotate(String presentedHash, String newHash, Instant now,
                                              Instant newRefreshExpiresAt) {
        Refresh refresh = refreshes.get(presentedHash);
        if (refresh == null) {
            return new RotationResult(RotationOutcome.NOT_FOUND, null);
        }
        Entry entry = sessions.get(refresh.sessionId());
        if (entry.revokedAt() != null || !entry.session().expiresAt().isAfter(now)
                || !refresh.expiresAt().isAfter(now)) {
            return new RotationResult(RotationOutcome.INACTIVE, entry.session());
        }
        if (refresh.spent()) {
            sessions.put(entry.session().id(), new Entry(entry.session(), now));
            return new RotationResult(RotationOutcome.REUSED, entry.session());
        }
        refreshes.put(presentedHash, new Refresh(refresh.sessionId(), refresh.expiresAt(), true));
        refreshes.put(newHash, new Refresh(refresh.sessionId(), newRefreshExpiresAt, false));
        return new RotationResult(RotationOutcome.ROTATED, entry.session());
    }

    @Override
    public synchronized Optional<SessionRecord> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId)).map(Entry::session);
    }

    @Override
    public synchronized boolean revoke(String sessionId, Instant at, String reason) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || entry.revokedAt() != null) {
            return false;
        }
        sessions.put(sessionId, new Entry(entry.session(), at));
        return true;
    }

    @Override
    public synchronized List<SessionRecord> revokeAllForUser(String userId, Instant at, String reason) {
        List<SessionRecord> revoked = new ArrayList<>();
        for (Entry entry : List.copyOf(sessions.values())) {
            if (entry.session().userId().equals(userId) && entry.revokedAt() == null) {
                sessions.put(entry.session().id(), new Entry(entry.session(), at));
                revoked.add(entry.session());
            }
        }
        return revoked;
    }
}
