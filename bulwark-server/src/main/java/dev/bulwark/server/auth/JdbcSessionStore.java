package dev.bulwark.server.auth;

import dev.bulwark.server.persistence.SessionRepository;
import dev.bulwark.server.persistence.SessionRow;
import dev.bulwark.session.RotationOutcome;
import dev.bulwark.session.RotationResult;
import dev.bulwark.session.SessionRecord;
import dev.bulwark.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The session store of the server: sessions and refresh-token hashes in the database. */
public final class JdbcSessionStore implements SessionStore {

    private final SessionRepository repository;

    public JdbcSessionStore(SessionRepository repository) {
        this.repository = repository;
    }

    @Override
    public void create(SessionRecord session, String refreshHash, Instant refreshExpiresAt) {
        repository.create(session.id(), session.tenantId(), session.userId(), session.createdAt(),
                session.expiresAt(), refreshHash, refreshExpiresAt);
    }

    @Override
    public RotationResult rotate(String presentedHash, String newHash, Instant now, Instant newRefreshExpiresAt) {
        SessionRepository.RotationResult result = repository.rotate(presentedHash, newHash, now, newRefreshExpiresAt);
        SessionRecord session = result.session() == null ? null : record(result.session());
        RotationOutcome outcome = switch (result.outcome()) {
            case ROTATED -> RotationOutcome.ROTATED;
            case REUSED -> RotationOutcome.REUSED;
            case INACTIVE -> RotationOutcome.INACTIVE;
            case NOT_FOUND -> RotationOutcome.NOT_FOUND;
        };
        return new RotationResult(outcome, session);
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        return repository.find(sessionId).map(JdbcSessionStore::record);
    }

    @Override
    public boolean revoke(String sessionId, Instant at, String reason) {
        return repository.revoke(sessionId, at, reason);
    }

    @Override
    public List<SessionRecord> revokeAllForUser(String userId, Instant at, String reason) {
        List<SessionRecord> revoked = new ArrayList<>();
        for (String id : repository.revokeAllForUser(userId, at, reason)) {
            repository.find(id).map(JdbcSessionStore::record).ifPresent(revoked::add);
        }
        return revoked;
    }

    private static SessionRecord record(SessionRow row) {
        return new SessionRecord(row.id(), row.tenantId(), row.userId(), row.createdAt(), row.expiresAt());
    }
}
