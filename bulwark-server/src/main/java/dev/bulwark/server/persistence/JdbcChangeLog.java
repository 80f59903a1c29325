package dev.bulwark.server.persistence;

import dev.bulwark.sync.ChangeLog;
import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The {@link ChangeLog} in table {@code state_changes}, shared by every instance on the database.
 *
 * <h2>Sequence order is commit order</h2>
 * A follower reads {@code since(applied)} and never looks back, so it must never see sequence {@code n + 1} while
 * {@code n} can still appear. An identity column does not give that: two transactions take 10 and 11, 11 commits
 * first, a poll sees 11, and 10 — committed a moment later — is skipped for ever. So an append takes its number by
 * incrementing the single row of {@code state_change_head} in the same transaction as the insert:
 * <pre>
 *   UPDATE state_change_head SET last_sequence = last_sequence + 1 WHERE id = 1   -- row lock until commit
 *   SELECT last_sequence FROM state_change_head WHERE id = 1
 *   INSERT INTO state_changes (sequence, ...) VALUES (that number, ...)
 *   COMMIT
 * </pre>
 * The row lock serializes appends across every instance: the next appender's UPDATE waits until this transaction
 * commits (or rolls back), and then reads the committed value (PostgreSQL's READ COMMITTED re-reads the updated
 * row). Hence sequence {@code n} is committed before {@code n + 1} is even assigned, every snapshot shows a prefix,
 * and a rollback returns its number, so the log has no gaps but the purged ones.
 *
 * <p>Why this and not a trailing re-read window: it is exact (no margin to tune against a slow commit or a GC
 * pause), and the price — appends take turns, a few milliseconds each — is nothing for revocations and admin blocks,
 * which are rare. Inside one process a {@link ReentrantLock} also serializes appends, so the database lock is only
 * contended between instances (and H2's lock timeout never comes into play).
 *
 * <h2>Purging</h2>
 * {@link #purgeBefore} deletes what no follower can need: expired token, session and block changes; user epochs
 * superseded by a later one of the same user (the newest is kept for ever: an epoch does not expire); address
 * changes superseded by a later change of the same address (the latest decides the state); and old unblocks.
 */
public final class JdbcChangeLog implements ChangeLog {

    private static final RowMapper<StateChange> CHANGE = (rs, ctx) -> new StateChange(
            rs.getLong("sequence"), StateChange.Kind.valueOf(rs.getString("kind")), rs.getString("subject"),
            Sql.instant(rs, "until_at"));

    /** The longest subject the column holds. */
    public static final int MAX_SUBJECT_LENGTH = 128;

    private final Jdbi jdbi;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Runnable beforeCommit;

    public JdbcChangeLog(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, () -> { });
    }

    /** With a hook run inside the append transaction, after the insert: tests widen the race window with it. */
    JdbcChangeLog(Jdbi jdbi, Clock clock, Runnable beforeCommit) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.clock = Objects.requireNonNull(clock);
        this.beforeCommit = Objects.requireNonNull(beforeCommit);
    }

    @Override
    public StateChange append(StateChange.Kind kind, String subject, Instant until) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject longer than " + MAX_SUBJECT_LENGTH);
        }
        Instant untilMicros = Sql.micros(until);
        // Validates before touching the database; the sequence is a placeholder.
        new StateChange(1, kind, subject, untilMicros);
        appendLock.lock();
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
                h.createUpdate("UPDATE state_change_head SET last_sequence = last_sequence + 1 WHERE id = 1")
                        .execute();
                long sequence = h.createQuery("SELECT last_sequence FROM state_change_head WHERE id = 1")
                        .mapTo(Long.class)
                        .one();
                h.createUpdate("INSERT INTO state_changes (sequence, kind, subject, until_at, created_at)"
                                + " VALUES (:sequence, :kind, :subject, :until, :created)")
                        .bind("sequence", sequence)
                        .bind("kind", kind.name())
                        .bind("subject", subject)
                        .bind("until", Sql.timestamp(untilMicros))
                        .bind("created", Sql.timestamp(clock.instant()))
                        .execute();
                beforeCommit.run();
                return new StateChange(sequence, kind, subject, untilMicros);
            });
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public List<StateChange> since(long sequenceExclusive, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT sequence, kind, subject, until_at FROM state_changes"
                        + " WHERE sequence > :after ORDER BY sequence FETCH FIRST " + max + " ROWS ONLY")
                .bind("after", sequenceExclusive)
                .map(CHANGE)
                .list());
    }

    /**
     * The changes that still matter at {@code now}, in sequence order: what Redis is rebuilt from when it comes
     * back empty. Leaves out expired token, session and block changes.
     */
    public List<StateChange> live(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sequence, kind, subject, until_at FROM state_changes"
                        + " WHERE until_at IS NULL OR until_at > :now OR kind = 'USER_REVOKED_BEFORE'"
                        + " ORDER BY sequence")
                .bind("now", Sql.timestamp(now))
                .map(CHANGE)
                .list());
    }

    /**
     * Deletes the changes no follower can need any more (see the class comment).
     *
     * @param before changes that expired before this instant go; pass now minus the verifier's clock skew (and
     *               some margin), since a token is accepted that long after its exp
     * @return the number of rows deleted
     */
    public int purgeBefore(Instant before) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("DELETE FROM state_changes WHERE until_at < :before"
                            + " AND kind IN ('TOKEN_REVOKED', 'SESSION_REVOKED', 'ADDRESS_BLOCKED')")
                    .bind("before", Sql.timestamp(before))
                    .execute();
            n += h.createUpdate("DELETE FROM state_changes s WHERE s.kind = 'USER_REVOKED_BEFORE'"
                            + " AND EXISTS (SELECT 1 FROM state_changes t WHERE t.kind = 'USER_REVOKED_BEFORE'"
                            + " AND t.subject = s.subject AND t.sequence > s.sequence AND t.until_at >= s.until_at)")
                    .execute();
            n += h.createUpdate("DELETE FROM state_changes s"
                            + " WHERE s.kind IN ('ADDRESS_BLOCKED', 'ADDRESS_UNBLOCKED')"
                            + " AND EXISTS (SELECT 1 FROM state_changes t"
                            + " WHERE t.kind IN ('ADDRESS_BLOCKED', 'ADDRESS_UNBLOCKED')"
                            + " AND t.subject = s.subject AND t.sequence > s.sequence)")
                    .execute();
            // An unblock matters only to a follower that still has to undo a block it applied; one created before
            // the cut-off has long been applied everywhere (followers poll every 500 ms).
            n += h.createUpdate("DELETE FROM state_changes WHERE kind = 'ADDRESS_UNBLOCKED' AND created_at < :before")
                    .bind("before", Sql.timestamp(before))
                    .execute();
            return n;
        });
    }
}
