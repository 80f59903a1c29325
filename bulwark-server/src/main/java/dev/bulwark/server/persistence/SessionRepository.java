package dev.bulwark.server.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Sessions and their refresh tokens, the durable copy of every refresh-token family.
 *
 * <h2>Rotation</h2>
 * A session starts with one refresh token. {@link #rotate} spends the presented token and
 * issues its successor; presenting a token that was already spent means two parties hold
 * the family (RFC 9700 §4.14.2, "refresh token reuse"), so the whole session is revoked
 * with reason {@value #REASON_REUSE}.
 *
 * <p>Invariant: a refresh token is spent at most once, even when many requests present it at
 * the same instant. The spend is the conditional update
 * {@code UPDATE ... SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL}; the database's
 * row lock makes concurrent updates of one row take turns, and a later one re-reads the row,
 * no longer matches, and updates nothing. So exactly one caller sees a count of 1 and
 * rotates; every other sees 0 and is treated as reuse — a race on one token is
 * indistinguishable from a replay, and refusing both is the safe answer. No read-then-write
 * decides who wins, so READ COMMITTED (the default of both databases) suffices.
 *
 * <p>Reading a token's state and acting on it happen in one transaction, as does the
 * revocation that follows reuse, so a crash cannot leave a reused family unrevoked.
 */
public final class SessionRepository {

    /** The revoke reason recorded when a spent refresh token is presented again. */
    public static final String REASON_REUSE = "refresh_reuse";

    /** What {@link #rotate} did. */
    public enum Outcome {
        /** The presented token was spent and the new one issued. */
        ROTATED,
        /** The presented token had been spent before: the session is now revoked. */
        REUSED,
        /** The token has expired, or its session is revoked or expired; nothing changed. */
        INACTIVE,
        /** No such token. */
        NOT_FOUND
    }

    /** The outcome and the session as it is afterwards ({@code null} for NOT_FOUND). */
    public record RotationResult(Outcome outcome, SessionRow session) {
    }

    static final RowMapper<SessionRow> SESSION = (rs, ctx) -> new SessionRow(
            rs.getString("id"), rs.getString("tenant_id"), rs.getString("user_id"), Sql.instant(rs, "created_at"),
            Sql.instant(rs, "expires_at"), Sql.instant(rs, "revoked_at"), rs.getString("revoke_reason"));

    private record TokenState(String sessionId, Instant expiresAt, Instant spentAt) {
    }

    private static final RowMapper<TokenState> TOKEN = (rs, ctx) -> new TokenState(
            rs.getString("session_id"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "spent_at"));

    private final Jdbi jdbi;

    public SessionRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores a new session and its first refresh token, in one transaction.
     *
     * @throws DuplicateKeyException if the session id or the token hash exists
     */
    public void create(String sessionId, String tenantId, String userId, Instant createdAt, Instant expiresAt,
            String refreshHash, Instant refreshExpiresAt) {
        Sql.failingOnDuplicate("session or refresh token already exists", () -> jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO sessions (id, tenant_id, user_id, created_at, expires_at)"
                            + " VALUES (:id, :tenant, :user, :created, :expires)")
                    .bind("id", Objects.requireNonNull(sessionId))
                    .bind("tenant", Objects.requireNonNull(tenantId))
                    .bind("user", Objects.requireNonNull(userId))
                    .bind("created", Sql.timestamp(Objects.requireNonNull(createdAt)))
                    .bind("expires", Sql.timestamp(Objects.requireNonNull(expiresAt)))
                    .execute();
            insertToken(h, refreshHash, sessionId, createdAt, refreshExpiresAt);
            return null;
        }));
    }

    /**
     * Spends {@code presentedHash} and issues {@code newHash} in its family; see the class
     * comment for the guarantee under concurrent calls.
     */
    public RotationResult rotate(String presentedHash, String newHash, Instant now, Instant newRefreshExpiresAt) {
        Objects.requireNonNull(newHash);
        Objects.requireNonNull(newRefreshExpiresAt);
        Instant at = Sql.micros(Objects.requireNonNull(now));
        return jdbi.inTransaction(h -> {
            Optional<TokenState> found = h.createQuery(
                            "SELECT session_id, expires_at, spent_at FROM refresh_tokens WHERE token_hash = :hash")
                    .bind("hash", presentedHash)
                    .map(TOKEN)
                    .findOne();
            if (found.isEmpty()) {
                return new RotationResult(Outcome.NOT_FOUND, null);
            }
            TokenState token = found.get();
            SessionRow session = find(h, token.sessionId()).orElseThrow();
            if (!at.isBefore(token.expiresAt()) || !session.isActiveAt(at)) {
                return new RotationResult(Outcome.INACTIVE, session);
            }
            if (token.spentAt() != null || !spend(h, presentedHash, at)) {
                revoke(h, session.id(), at, REASON_REUSE);
                return new RotationResult(Outcome.REUSED, find(h, session.id()).orElseThrow());
            }
            insertToken(h, newHash, session.id(), at, newRefreshExpiresAt);
            return new RotationResult(Outcome.ROTATED, session);
        });
    }

    public Optional<SessionRow> find(String sessionId) {
        return jdbi.withHandle(h -> find(h, sessionId));
    }

    /** {@code false} if there is no such session or it was already revoked. */
    public boolean revoke(String sessionId, Instant at, String reason) {
        return jdbi.withHandle(h -> revoke(h, sessionId, at, reason));
    }

    /**
     * Revokes every unrevoked, unexpired session of the user (logout-all).
     *
     * @return the ids of the sessions this call revoked
     */
    public List<String> revokeAllForUser(String userId, Instant at, String reason) {
        return jdbi.inTransaction(h -> {
            List<String> candidates = h.createQuery("SELECT id FROM sessions WHERE user_id = :user"
                            + " AND revoked_at IS NULL AND expires_at > :at ORDER BY created_at, id")
                    .bind("user", userId)
                    .bind("at", Sql.timestamp(at))
                    .mapTo(String.class)
                    .list();
            List<String> revoked = new ArrayList<>();
            for (String id : candidates) {
                // Per row and conditional, so a session revoked meanwhile is not reported twice.
                if (revoke(h, id, at, reason)) {
                    revoked.add(id);
                }
            }
            return List.copyOf(revoked);
        });
    }

    /** Ids of revoked sessions that have not expired at {@code notExpiredAt}: the cache to warm at start. */
    public Set<String> revokedSessionIds(Instant notExpiredAt) {
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND expires_at > :at")
                .bind("at", Sql.timestamp(notExpiredAt))
                .mapTo(String.class)
                .list()));
    }

    /**
     * Deletes expired refresh tokens and expired sessions (with all their tokens).
     *
     * @return the number of rows deleted, sessions and refresh tokens together
     */
    public int purgeExpired(Instant now) {
        return jdbi.inTransaction(h -> {
            int tokens = h.createUpdate("DELETE FROM refresh_tokens WHERE expires_at <= :now"
                            + " OR session_id IN (SELECT id FROM sessions WHERE expires_at <= :now)")
                    .bind("now", Sql.timestamp(now))
                    .execute();
            int sessions = h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                    .bind("now", Sql.timestamp(now))
                    .execute();
            return tokens + sessions;
        });
    }

    private static Optional<SessionRow> find(Handle h, String sessionId) {
        return h.createQuery("SELECT * FROM sessions WHERE id = :id")
                .bind("id", sessionId)
                .map(SESSION)
                .findOne();
    }

    private static boolean spend(Handle h, String hash, Instant at) {
        return h.createUpdate("UPDATE refresh_tokens SET spent_at = :at WHERE token_hash = :hash AND spent_at IS NULL")
                .bind("at", Sql.timestamp(at))
                .bind("hash", hash)
                .execute() == 1;
    }

    private static boolean revoke(Handle h, String sessionId, Instant at, String reason) {
        return h.createUpdate("UPDATE sessions SET revoked_at = :at, revoke_reason = :reason"
                        + " WHERE id = :id AND revoked_at IS NULL")
                .bind("at", Sql.timestamp(Objects.requireNonNull(at)))
                .bind("reason", reason)
                .bind("id", sessionId)
                .execute() == 1;
    }

    private static void insertToken(Handle h, String hash, String sessionId, Instant issuedAt, Instant expiresAt) {
        h.createUpdate("INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at)"
                        + " VALUES (:hash, :session, :issued, :expires)")
                .bind("hash", Objects.requireNonNull(hash))
                .bind("session", sessionId)
                .bind("issued", Sql.timestamp(Objects.requireNonNull(issuedAt)))
                .bind("expires", Sql.timestamp(Objects.requireNonNull(expiresAt)))
                .execute();
    }
}
