package dev.bulwark.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.ChangeFeed;
import dev.bulwark.sync.ChangeLog;
import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two simulated instances sharing one log and one bus (in-memory fakes; the real ones are tested in the server). */
class ReplicatedRevocationStoreTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SharedLog log = new SharedLog();
    private final SharedBus bus = new SharedBus();
    private final List<ChangeFeed> feeds = new ArrayList<>();

    @AfterEach
    void close() {
        feeds.forEach(ChangeFeed::close);
    }

    private ReplicatedRevocationStore instance() {
        ReplicatedRevocationStore store = new ReplicatedRevocationStore(log, bus,
                new InMemoryRevocationStore(CLOCK, Duration.ofSeconds(30)));
        ChangeFeed feed = ChangeFeed.builder(log).bus(bus).pollInterval(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(20)).build();
        feed.addListener(store::apply);
        feed.start();
        feeds.add(feed);
        return store;
    }

    @Test
    void aRevocationOnOneInstanceReachesTheOtherByTheBus() {
        ReplicatedRevocationStore one = instance();
        ReplicatedRevocationStore two = instance();
        one.revokeToken("jti-1", NOW.plusSeconds(600));
        one.revokeSession("sid-1", NOW.plusSeconds(600));
        one.revokeUserBefore("user-1", NOW);
        // the fake bus delivers synchronously: visible on two before revoke* returned
        assertThat(two.isRevoked("jti-1", null, null, null)).isTrue();
        assertThat(two.isRevoked("x", "sid-1", null, null)).isTrue();
        assertThat(two.isRevoked("x", "y", "user-1", NOW.minusSeconds(5))).isTrue();
        assertThat(two.isRevoked("x", "y", "user-2", NOW.minusSeconds(5))).isFalse();
        assertThat(log.changes).extracting(StateChange::kind).containsExactly(StateChange.Kind.TOKEN_REVOKED,
                StateChange.Kind.SESSION_REVOKED, StateChange.Kind.USER_REVOKED_BEFORE);
    }

    @Test
    void withTheBusDownTheRevocationArrivesByPolling() throws InterruptedException {
        ReplicatedRevocationStore one = instance();
        ReplicatedRevocationStore two = instance();
        bus.down = true;
        one.revokeToken("jti-2", NOW.plusSeconds(600));
        assertThat(one.isRevoked("jti-2", null, null, null)).isTrue(); // at once on the revoking instance
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!two.isRevoked("jti-2", null, null, null) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(two.isRevoked("jti-2", null, null, null)).isTrue();
    }

    @Test
    void aRevocationTheLogDidNotStoreIsNotReportedDone() {
        ReplicatedRevocationStore one = instance();
        log.failing = true;
        assertThatThrownBy(() -> one.revokeToken("jti-3", NOW.plusSeconds(600))).hasMessageContaining("log down");
        assertThat(one.isRevoked("jti-3", null, null, null)).isFalse();
        assertThat(bus.published).isEmpty();
    }

    @Test
    void aBrokenBusDoesNotFailTheRevocation() {
        ReplicatedRevocationStore one = instance();
        bus.throwing = true;
        one.revokeToken("jti-4", NOW.plusSeconds(600));
        assertThat(one.isRevoked("jti-4", null, null, null)).isTrue();
        assertThat(log.changes).hasSize(1);
    }

    @Test
    void blocksAreIgnoredByTheRevocationStoreAndNullArgumentsRefused() {
        ReplicatedRevocationStore one = instance();
        one.apply(new StateChange(1, StateChange.Kind.ADDRESS_BLOCKED, "203.0.113.1", null));
        assertThat(one.isRevoked("203.0.113.1", "203.0.113.1", "203.0.113.1", NOW.minusSeconds(9))).isFalse();
        assertThatThrownBy(() -> one.revokeToken(null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> one.revokeToken("j", null)).isInstanceOf(NullPointerException.class);
        assertThat(log.changes).isEmpty();
    }

    @Test
    void aNewInstanceLoadsEarlierRevocationsAtStart() {
        instance().revokeToken("jti-5", NOW.plusSeconds(600));
        ReplicatedRevocationStore late = instance();
        assertThat(late.isRevoked("jti-5", null, null, null)).isTrue();
    }

    private static final class SharedLog implements ChangeLog {
        final List<StateChange> changes = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public synchronized StateChange append(StateChange.Kind kind, String subject, Instant until) {
            if (failing) {
                throw new IllegalStateException("log down");
            }
            StateChange c = new StateChange(changes.size() + 1, kind, subject, until);
            changes.add(c);
            return c;
        }

        @Override
        public synchronized List<StateChange> since(long after, int max) {
            return changes.stream().filter(c -> c.sequence() > after).limit(max).toList();
        }
    }

    private static final class SharedBus implements ChangeBus {
        final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
        final List<StateChange> published = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile boolean throwing;

        @Override
        public void publish(StateChange change) {
            if (throwing) {
                throw new IllegalStateException("bus broken");
            }
            published.add(change);
            if (!down) {
                listeners.forEach(l -> l.accept(change));
            }
        }

        @Override
        public void subscribe(Consumer<StateChange> listener) {
            listeners.add(listener);
        }

        @Override
        public void onReconnect(Runnable action) {
        }
    }
}
