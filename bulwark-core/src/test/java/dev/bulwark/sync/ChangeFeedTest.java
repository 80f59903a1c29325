package dev.bulwark.sync;

import static dev.bulwark.sync.StateChange.Kind.ADDRESS_BLOCKED;
import static dev.bulwark.sync.StateChange.Kind.ADDRESS_UNBLOCKED;
import static dev.bulwark.sync.StateChange.Kind.SESSION_REVOKED;
import static dev.bulwark.sync.StateChange.Kind.TOKEN_REVOKED;
import static dev.bulwark.sync.StateChange.Kind.USER_REVOKED_BEFORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");
    private static final long POLL_NANOS = Duration.ofMillis(500).toNanos();

    private final InMemoryChangeLog log = new InMemoryChangeLog();
    private final FakeBusHub hub = new FakeBusHub();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<ChangeFeed> feeds = new ArrayList<>();

    @AfterEach
    void closeFeeds() {
        feeds.forEach(ChangeFeed::close);
    }

    private ChangeFeed feed(ChangeBus bus) {
        ChangeFeed feed = ChangeFeed.builder(log).bus(bus).scheduler(scheduler).build();
        feed.addListener(c -> seen.add(c.sequence()));
        feeds.add(feed);
        return feed;
    }

    private StateChange appendAndPublish(ChangeBus bus, String jti) {
        StateChange c = log.append(TOKEN_REVOKED, jti, EXP);
        bus.publish(c);
        return c;
    }

    @Test
    void startCatchesUpTheWholeLogInOrderBeforeReturning() {
        for (int i = 0; i < ChangeFeed.BATCH_SIZE * 2 + 7; i++) {
            log.append(TOKEN_REVOKED, "j" + i, EXP);
        }
        ChangeFeed feed = feed(ChangeBus.none());
        feed.start();
        assertThat(seen).hasSize(ChangeFeed.BATCH_SIZE * 2 + 7).isSorted().doesNotHaveDuplicates();
        assertThat(feed.appliedSequence()).isEqualTo(ChangeFeed.BATCH_SIZE * 2 + 7);
    }

    @Test
    void startAfterSkipsWhatWasAppliedElsewhere() {
        for (int i = 0; i < 5; i++) {
            log.append(TOKEN_REVOKED, "j" + i, EXP);
        }
        ChangeFeed feed = ChangeFeed.builder(log).scheduler(scheduler).startAfter(3).build();
        feeds.add(feed);
        feed.addListener(c -> seen.add(c.sequence()));
        feed.start();
        assertThat(seen).containsExactly(4L, 5L);
    }

    @Test
    void busMessageIsAppliedAtOnceAndDuplicatesAreDropped() {
        FakeBusHub.Bus bus = hub.connect();
        feed(bus).start();
        StateChange c = appendAndPublish(bus, "a");
        assertThat(seen).containsExactly(1L); // no scheduler tick needed
        bus.deliver(c);
        bus.deliver(c);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void aGapInBusMessagesIsFilledFromTheLogInOrder() {
        FakeBusHub.Bus bus = hub.connect();
        feed(bus).start();
        log.append(TOKEN_REVOKED, "missed-1", EXP);
        log.append(SESSION_REVOKED, "missed-2", EXP);
        StateChange third = log.append(USER_REVOKED_BEFORE, "u", EXP);
        bus.deliver(third);
        assertThat(seen).isEmpty(); // not applied out of order
        scheduler.runDue();         // the immediate poll, not the 500 ms one
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void withTheBusDownThePollDeliversWithinOneInterval() {
        FakeBusHub.Bus bus = hub.connect();
        feed(bus).start();
        hub.down = true;
        appendAndPublish(bus, "a");
        assertThat(seen).isEmpty();
        scheduler.advance(Duration.ofMillis(500));
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void reconnectPollsAtOnce() {
        FakeBusHub.Bus bus = hub.connect();
        feed(bus).start();
        hub.down = true;
        appendAndPublish(bus, "a");
        hub.reconnect();
        scheduler.runDue();
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void logFailuresAreNotThrownAndPollingBacksOffThenRecovers() {
        ChangeFeed feed = feed(ChangeBus.none());
        feed.start();
        log.failing = true;
        assertThat(feed.pollNow()).isFalse();
        for (int i = 0; i < 8; i++) {
            scheduler.advance(Duration.ofSeconds(3));
        }
        List<Long> delays = scheduler.scheduledDelaysNanos();
        assertThat(delays).contains(2 * POLL_NANOS).allMatch(d -> d <= Duration.ofSeconds(2).toNanos());
        assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofSeconds(2).toNanos());
        log.failing = false;
        log.append(ADDRESS_BLOCKED, "203.0.113.9", null);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(seen).containsExactly(1L);
        scheduler.advance(Duration.ofSeconds(1));
        List<Long> after = scheduler.scheduledDelaysNanos();
        assertThat(after.get(after.size() - 1)).isEqualTo(POLL_NANOS);
    }

    @Test
    void startFailsWhenTheLogCannotBeRead() {
        log.failing = true;
        ChangeFeed feed = feed(ChangeBus.none());
        assertThatThrownBy(feed::start).hasMessageContaining("log down");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aThrowingListenerDoesNotStopTheFeed() {
        ChangeFeed feed = ChangeFeed.builder(log).scheduler(scheduler).build();
        feeds.add(feed);
        feed.addListener(c -> {
            throw new IllegalStateException("boom");
        });
        feed.addListener(c -> seen.add(c.sequence()));
        log.append(TOKEN_REVOKED, "a", EXP);
        log.append(ADDRESS_UNBLOCKED, "203.0.113.9", null);
        feed.start();
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void listenersMustBeAddedBeforeStartAndStartOnlyOnce() {
        ChangeFeed feed = feed(ChangeBus.none());
        feed.start();
        assertThatThrownBy(() -> feed.addListener(c -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(feed::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closedFeedIgnoresTheBusAndStopsPolling() {
        FakeBusHub.Bus bus = hub.connect();
        ChangeFeed feed = feed(bus);
        feed.start();
        feed.close();
        feed.close();
        appendAndPublish(bus, "a");
        hub.reconnect();
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(seen).isEmpty();
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> ChangeFeed.builder(log).pollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeFeed.builder(log).pollInterval(Duration.ofSeconds(3)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> ChangeFeed.builder(log).startAfter(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateChangeValidatesItsFields() {
        assertThatThrownBy(() -> new StateChange(0, TOKEN_REVOKED, "a", EXP)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> new StateChange(1, TOKEN_REVOKED, "", EXP)).hasMessageContaining("subject");
        assertThatThrownBy(() -> new StateChange(1, TOKEN_REVOKED, "a", null)).hasMessageContaining("until");
        assertThat(new StateChange(1, ADDRESS_BLOCKED, "a", null).until()).isNull();
    }

    /** Bus deliveries on many threads racing the poller on its own: still each change once, in order. */
    @Test
    void concurrentBusAndPollDeliverEachChangeOnceInOrder() throws Exception {
        FakeBusHub.Bus bus = hub.connect();
        ChangeFeed feed = ChangeFeed.builder(log).bus(bus).pollInterval(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5)).build(); // a real scheduler thread
        feeds.add(feed);
        List<Long> order = new ArrayList<>(); // written only under the feed's apply lock
        feed.addListener(c -> order.add(c.sequence()));
        feed.start();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        int perWriter = 500;
        for (int w = 0; w < 4; w++) {
            int id = w;
            writers.execute(() -> {
                for (int i = 0; i < perWriter; i++) {
                    StateChange c = log.append(TOKEN_REVOKED, id + ":" + i, EXP);
                    if (i % 3 != 0) { // every third message is lost
                        bus.publish(c);
                    }
                }
            });
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.appliedSequence() < 4L * perWriter && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        feed.close();
        synchronized (order) {
            assertThat(order).hasSize(4 * perWriter);
            for (int i = 0; i < order.size(); i++) {
                assertThat(order.get(i)).isEqualTo(i + 1L);
            }
        }
    }
}
