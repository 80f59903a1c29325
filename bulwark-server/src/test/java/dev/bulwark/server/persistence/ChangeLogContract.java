package dev.bulwark.server.persistence;

import static dev.bulwark.sync.StateChange.Kind.ADDRESS_BLOCKED;
import static dev.bulwark.sync.StateChange.Kind.ADDRESS_UNBLOCKED;
import static dev.bulwark.sync.StateChange.Kind.SESSION_REVOKED;
import static dev.bulwark.sync.StateChange.Kind.TOKEN_REVOKED;
import static dev.bulwark.sync.StateChange.Kind.USER_REVOKED_BEFORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link JdbcChangeLog} contract, run once per database (H2 and PostgreSQL). The tests share one database per
 * class, so they assert relative to the log's head when they start, and use subjects of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChangeLogContract {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00.123456789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Database db;
    private JdbcChangeLog log;

    abstract Database openDatabase();

    @BeforeAll
    void open() {
        db = openDatabase();
        log = new JdbcChangeLog(db.jdbi(), CLOCK);
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private long head() {
        List<StateChange> all = log.since(0, Integer.MAX_VALUE);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void appendsGetConsecutiveSequencesAndReadBackEqual() {
        long start = head();
        String jti = unique("jti");
        StateChange a = log.append(TOKEN_REVOKED, jti, NOW.plusSeconds(60));
        StateChange b = log.append(SESSION_REVOKED, unique("sid"), NOW.plusSeconds(3600));
        StateChange c = log.append(USER_REVOKED_BEFORE, unique("user"), NOW);
        StateChange d = log.append(ADDRESS_BLOCKED, "203.0.113.7", null);
        StateChange e = log.append(ADDRESS_UNBLOCKED, "203.0.113.7", null);
        assertThat(List.of(a, b, c, d, e)).extracting(StateChange::sequence)
                .containsExactly(start + 1, start + 2, start + 3, start + 4, start + 5);
        assertThat(a.until()).isEqualTo(NOW.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(log.since(start, 100)).containsExactly(a, b, c, d, e);
        assertThat(log.since(start + 1, 2)).containsExactly(b, c);
        assertThat(log.since(start + 5, 10)).isEmpty();
    }

    @Test
    void invalidChangesAreRefusedWithoutUsingASequence() {
        long start = head();
        assertThatThrownBy(() -> log.append(TOKEN_REVOKED, unique("jti"), null)).hasMessageContaining("until");
        assertThatThrownBy(() -> log.append(TOKEN_REVOKED, "x".repeat(129), NOW)).hasMessageContaining("128");
        assertThatThrownBy(() -> log.since(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.append(TOKEN_REVOKED, unique("jti"), NOW).sequence()).isEqualTo(start + 1);
    }

    @Test
    void aRolledBackAppendGivesItsSequenceBack() {
        long start = head();
        JdbcChangeLog failing = new JdbcChangeLog(db.jdbi(), CLOCK, () -> {
            throw new IllegalStateException("crash before commit");
        });
        assertThatThrownBy(() -> failing.append(TOKEN_REVOKED, unique("jti"), NOW)).hasMessageContaining("crash");
        assertThat(log.since(start, 10)).isEmpty();
        assertThat(log.append(TOKEN_REVOKED, unique("jti"), NOW).sequence()).isEqualTo(start + 1);
    }

    /**
     * Many "instances" (each its own JdbcChangeLog, so only the database serializes them) append at once, each
     * holding its transaction open a random while after the insert, while a follower polls {@code since(applied)}
     * as the ChangeFeed does. With identity sequences the follower would skip changes committed late; here it must
     * see every one exactly once, in order, and the sequences must have no gaps.
     */
    @Test
    void concurrentAppendersNeverLetAFollowerSkipAChange() throws Exception {
        long start = head();
        int instances = 8;
        int perInstance = 40;
        ExecutorService pool = Executors.newFixedThreadPool(instances + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Long> appended = new ConcurrentLinkedQueue<>();
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            JdbcChangeLog instance = new JdbcChangeLog(db.jdbi(), CLOCK,
                    () -> LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000)));
            writers.add(pool.submit(() -> {
                go.await();
                for (int n = 0; n < perInstance; n++) {
                    appended.add(instance.append(TOKEN_REVOKED, unique("jti"), NOW).sequence());
                }
                return null;
            }));
        }
        List<Long> followed = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        Future<?> follower = pool.submit(() -> {
            go.await();
            long applied = start;
            while (true) {
                boolean last = !writing.get();
                for (StateChange c : log.since(applied, 7)) {
                    followed.add(c.sequence());
                    applied = c.sequence();
                }
                polls.incrementAndGet();
                if (last && log.since(applied, 1).isEmpty()) {
                    return null;
                }
            }
        });
        go.countDown();
        for (Future<?> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        follower.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        int total = instances * perInstance;
        List<Long> expected = new ArrayList<>();
        for (long s = start + 1; s <= start + total; s++) {
            expected.add(s);
        }
        assertThat(appended).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(followed).containsExactlyElementsOf(expected);
        assertThat(polls.get()).isGreaterThan(1);
    }

    @Test
    void purgeKeepsWhatAFollowerCanStillNeed() {
        long start = head();
        Instant cut = NOW.minusSeconds(10);
        String user = unique("user");
        String addr = unique("addr");
        String addr2 = unique("addr");
        StateChange expiredToken = log.append(TOKEN_REVOKED, unique("jti"), NOW.minusSeconds(60));
        StateChange liveToken = log.append(TOKEN_REVOKED, unique("jti"), NOW.plusSeconds(60));
        StateChange expiredSession = log.append(SESSION_REVOKED, unique("sid"), NOW.minusSeconds(60));
        StateChange oldEpoch = log.append(USER_REVOKED_BEFORE, user, NOW.minusSeconds(3600));
        StateChange newEpoch = log.append(USER_REVOKED_BEFORE, user, NOW.minusSeconds(1800));
        StateChange otherEpoch = log.append(USER_REVOKED_BEFORE, unique("user"), NOW.minusSeconds(99_999));
        StateChange permanentBlock = log.append(ADDRESS_BLOCKED, addr, null);
        StateChange reblock = log.append(ADDRESS_BLOCKED, addr, NOW.plusSeconds(600));
        StateChange blockThenLifted = log.append(ADDRESS_BLOCKED, addr2, null);
        StateChange lift = log.append(ADDRESS_UNBLOCKED, addr2, null);

        log.purgeBefore(cut);

        assertThat(log.since(start, 100)).containsExactly(liveToken, newEpoch, otherEpoch, reblock, lift);

        // the unblock goes once it is older than the cut-off (created_at = NOW here)
        log.purgeBefore(NOW.plusSeconds(1));
        assertThat(log.since(start, 100)).containsExactly(liveToken, newEpoch, otherEpoch, reblock);
        // purging never gives a sequence back
        assertThat(log.append(TOKEN_REVOKED, unique("jti"), NOW).sequence()).isEqualTo(start + 11);
    }

    @Test
    void liveChangesLeaveOutTheExpired() {
        long start = head();
        StateChange expired = log.append(TOKEN_REVOKED, unique("jti"), NOW.minusSeconds(1));
        StateChange live = log.append(SESSION_REVOKED, unique("sid"), NOW.plusSeconds(1));
        StateChange epoch = log.append(USER_REVOKED_BEFORE, unique("user"), NOW.minusSeconds(50));
        StateChange block = log.append(ADDRESS_BLOCKED, unique("addr"), null);
        assertThat(log.live(NOW).stream().filter(c -> c.sequence() > start))
                .containsExactly(live, epoch, block)
                .doesNotContain(expired);
    }
}
