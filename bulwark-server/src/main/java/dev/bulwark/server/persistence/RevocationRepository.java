package dev.bulwark.server.persistence;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The durable record of access-token revocations: single tokens by {@code jti}, and per-user
 * epochs ("everything issued before this instant is revoked", for logout-all).
 *
 * <p>Both writes are upserts that only ever widen a revocation — a jti's expiry and a user's
 * epoch can move later, never earlier — so replaying them (from a queue after a Redis outage,
 * or by a retrying caller) in any order converges on the same state.
 *
 * <p>The upsert is a standard SQL {@code MERGE}, which H2 2.x and PostgreSQL 15 both run.
 * PostgreSQL's MERGE is not race-free on insert: two concurrent MERGEs of a new key can both
 * take the not-matched branch, and one then fails on the primary key. That loser retries
 * once and, the row now existing, takes the matched branch.
 */
public final class RevocationRepository {

    private static final String MERGE_TOKEN = "MERGE INTO revoked_tokens t"
            + " USING (SELECT CAST(:id AS VARCHAR(64)) AS jti, CAST(:at AS TIMESTAMP WITH TIME ZONE) AS expires_at) s"
            + " ON t.jti = s.jti"
            + " WHEN MATCHED AND t.expires_at < s.expires_at THEN UPDATE SET expires_at = s.expires_at"
            + " WHEN NOT MATCHED THEN INSERT (jti, expires_at) VALUES (s.jti, s.expires_at)";

    private static final String MERGE_EPOCH = "MERGE INTO user_revocations t"
            + " USING (SELECT CAST(:id AS VARCHAR(36)) AS user_id,"
            + " CAST(:at AS TIMESTAMP WITH TIME ZONE) AS revoked_before) s"
            + " ON t.user_id = s.user_id"
            + " WHEN MATCHED AND t.revoked_before < s.revoked_before THEN UPDATE SET revoked_before = s.revoked_before"
            + " WHEN NOT MATCHED THEN INSERT (user_id, revoked_before) VALUES (s.user_id, s.revoked_before)";

    private final Jdbi jdbi;

    public RevocationRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Revokes the access token {@code jti} until {@code expiresAt}; idempotent, keeps the later expiry. */
    public void revokeToken(String jti, Instant expiresAt) {
        upsert(MERGE_TOKEN, Objects.requireNonNull(jti), Objects.requireNonNull(expiresAt));
    }

    /** The revoked jtis that have not expired at {@code now}, with their expiry. */
    public Map<String, Instant> activeTokenRevocations(Instant now) {
        return jdbi.withHandle(h -> {
            Map<String, Instant> result = new HashMap<>();
            h.createQuery("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at > :now")
                    .bind("now", Sql.timestamp(now))
                    .map((rs, ctx) -> Map.entry(rs.getString("jti"), Sql.instant(rs, "expires_at")))
                    .forEach(e -> result.put(e.getKey(), e.getValue()));
            return result;
        });
    }

    /** Revokes every token of the user issued before {@code revokedBefore}; keeps the later epoch. */
    public void setUserEpoch(String userId, Instant revokedBefore) {
        upsert(MERGE_EPOCH, Objects.requireNonNull(userId), Objects.requireNonNull(revokedBefore));
    }

    public Map<String, Instant> userEpochs() {
        return jdbi.withHandle(h -> {
            Map<String, Instant> result = new HashMap<>();
            h.createQuery("SELECT user_id, revoked_before FROM user_revocations")
                    .map((rs, ctx) -> Map.entry(rs.getString("user_id"), Sql.instant(rs, "revoked_before")))
                    .forEach(e -> result.put(e.getKey(), e.getValue()));
            return result;
        });
    }

    public Optional<Instant> userEpoch(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT revoked_before FROM user_revocations WHERE user_id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> Sql.instant(rs, "revoked_before"))
                .findOne());
    }

    /**
     * Deletes jti revocations whose token has expired at {@code now}. User epochs are kept:
     * how long they matter depends on token lifetimes this layer does not know.
     *
     * @return the number of revocations deleted
     */
    public int purgeExpired(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM revoked_tokens WHERE expires_at <= :now")
                .bind("now", Sql.timestamp(now))
                .execute());
    }

    private void upsert(String merge, String id, Instant at) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbi.useHandle(h -> h.createUpdate(merge)
                        .bind("id", id)
                        .bind("at", Sql.timestamp(at))
                        .execute());
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }
}
