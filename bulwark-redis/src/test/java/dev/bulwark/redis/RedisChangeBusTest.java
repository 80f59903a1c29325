package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bulwark.sync.StateChange;
import dev.bulwark.sync.StateChange.Kind;
import dev.bulwark.testkit.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedisChangeBus against real redis-server processes (the testkit's; never port 6379). */
class RedisChangeBusTest {

    private static final Clock CLOCK = Clock.systemUTC();
    /** Generous, so a loaded test machine does not drop a command; the bound itself is what two tests check. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final RedisChangeBus.Settings SETTINGS = RedisChangeBus.Settings.defaults()
            .withMaxRefreshLifetime(Duration.ofHours(1))
            .withMarkerCheckInterval(Duration.ofMillis(200));

    private RedisServerProcess redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
        assertThat(redis.port()).isNotEqualTo(6379);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }

    /** One instance's bus on a gateway of its own, as two servers would have. */
    private RedisChangeBus bus() {
        RedisCommandsGateway gateway = connectGateway(redis.url(), TIMEOUT);
        open.add(gateway);
        RedisChangeBus bus = RedisChangeBus.create(gateway, SETTINGS, CLOCK);
        open.add(bus);
        return bus;
    }

    private static StateChange token(long seq, String jti, Duration lifetime) {
        return new StateChange(seq, Kind.TOKEN_REVOKED, jti, CLOCK.instant().plus(lifetime));
    }

    private long pttl(String key) {
        return (Long) redis.call("PTTL", key);
    }

    @Test
    void twoBusesOnOneRedisSeeEachOthersChangesWithinASecond() throws InterruptedException {
        RedisChangeBus one = bus();
        RedisChangeBus two = bus();
        BlockingQueue<StateChange> atOne = new LinkedBlockingQueue<>();
        BlockingQueue<StateChange> atTwo = new LinkedBlockingQueue<>();
        one.subscribe(atOne::add);
        two.subscribe(atTwo::add);
        StateChange a = token(1, "jti-a", Duration.ofMinutes(15));
        one.publish(a);
        assertThat(atTwo.poll(1, TimeUnit.SECONDS)).isEqualTo(a);
        assertThat(atOne.poll(1, TimeUnit.SECONDS)).isEqualTo(a); // its own, too: the feed drops it as applied
        StateChange b = new StateChange(2, Kind.USER_REVOKED_BEFORE, "user-b", CLOCK.instant());
        two.publish(b);
        assertThat(atOne.poll(1, TimeUnit.SECONDS)).isEqualTo(b);
    }

    @Test
    void keysFollowTheLayoutWithTheRemainingLifetimeAsTtl() {
        RedisChangeBus bus = bus();
        Instant exp = CLOCK.instant().plus(Duration.ofMinutes(15));
        bus.publish(new StateChange(1, Kind.TOKEN_REVOKED, "j1", exp));
        bus.publish(new StateChange(2, Kind.SESSION_REVOKED, "s1", exp));
        Instant epoch = CLOCK.instant();
        bus.publish(new StateChange(3, Kind.USER_REVOKED_BEFORE, "u1", epoch));
        bus.publish(new StateChange(4, Kind.ADDRESS_BLOCKED, "203.0.113.1", null));
        bus.publish(new StateChange(5, Kind.ADDRESS_BLOCKED, "203.0.113.2", exp));
        bus.publish(new StateChange(6, Kind.ADDRESS_BLOCKED, "203.0.113.3", null));
        bus.publish(new StateChange(7, Kind.ADDRESS_UNBLOCKED, "203.0.113.3", null));
        bus.publish(new StateChange(8, Kind.TOKEN_REVOKED, "long-expired", CLOCK.instant().minus(Duration.ofHours(1))));

        long grace = SETTINGS.revocationGrace().toMillis();
        assertThat(redis.call("GET", "bw:{rev:jti:j1}")).isEqualTo(Long.toString(exp.toEpochMilli()));
        assertThat(pttl("bw:{rev:jti:j1}")).isCloseTo(Duration.ofMinutes(15).toMillis() + grace, within(2_000L));
        assertThat(pttl("bw:{rev:sid:s1}")).isCloseTo(Duration.ofMinutes(15).toMillis() + grace, within(2_000L));
        assertThat(redis.call("GET", "bw:{rev:user:u1}")).isEqualTo(Long.toString(epoch.toEpochMilli()));
        assertThat(pttl("bw:{rev:user:u1}")).isCloseTo(Duration.ofHours(1).toMillis(), within(2_000L));
        assertThat(redis.call("GET", "bw:{block:203.0.113.1}")).isEqualTo("permanent");
        assertThat(pttl("bw:{block:203.0.113.1}")).isEqualTo(-1L);
        assertThat(pttl("bw:{block:203.0.113.2}")).isCloseTo(Duration.ofMinutes(15).toMillis(), within(2_000L));
        assertThat(redis.call("EXISTS", "bw:{block:203.0.113.3}")).isEqualTo(0L);
        assertThat(redis.call("EXISTS", "bw:{rev:jti:long-expired}")).isEqualTo(0L);
    }

    @Test
    void aRevocationKeyKeepsTheLaterInstantAndSurvivesAScriptFlush() {
        RedisChangeBus bus = bus();
        Instant later = CLOCK.instant().plus(Duration.ofMinutes(30));
        bus.publish(new StateChange(1, Kind.TOKEN_REVOKED, "j", later));
        bus.publish(new StateChange(2, Kind.TOKEN_REVOKED, "j", later.minus(Duration.ofMinutes(20))));
        assertThat(redis.call("GET", "bw:{rev:jti:j}")).isEqualTo(Long.toString(later.toEpochMilli()));
        redis.call("SCRIPT", "FLUSH"); // NOSCRIPT on the next EVALSHA: reloaded by EVAL
        Instant evenLater = later.plus(Duration.ofMinutes(5));
        bus.publish(new StateChange(3, Kind.TOKEN_REVOKED, "j", evenLater));
        assertThat(redis.call("GET", "bw:{rev:jti:j}")).isEqualTo(Long.toString(evenLater.toEpochMilli()));
    }

    @Test
    void withRedisKilledPublishNeitherThrowsNorWaits() {
        RedisChangeBus bus = bus();
        redis.kill();
        long start = System.nanoTime();
        for (int i = 1; i <= 20; i++) {
            bus.publish(token(i, "j" + i, Duration.ofMinutes(5)));
        }
        long perPublishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 20;
        assertThat(perPublishMillis).isLessThanOrEqualTo(TIMEOUT.toMillis() + 50);
        assertThat(eventually(() -> !bus.isConnected(), Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void withRedisHangingPublishReturnsAfterTheCommandTimeout() {
        RedisChangeBus bus = bus();
        redis.pause();
        try {
            long start = System.nanoTime();
            bus.publish(token(1, "j", Duration.ofMinutes(5)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isLessThan(TIMEOUT.toMillis() + 400);
        } finally {
            redis.resume();
        }
    }

    @Test
    void redisRestartedEmptyIsRebuiltAndReconnectIsReported() throws InterruptedException {
        RedisChangeBus bus = bus();
        CountDownLatch reconnected = new CountDownLatch(1);
        bus.onReconnect(reconnected::countDown);
        Instant exp = CLOCK.instant().plus(Duration.ofMinutes(10));
        List<StateChange> live = List.of(
                new StateChange(1, Kind.TOKEN_REVOKED, "j1", exp),
                new StateChange(2, Kind.USER_REVOKED_BEFORE, "u1", CLOCK.instant()),
                new StateChange(3, Kind.ADDRESS_BLOCKED, "203.0.113.5", null),
                new StateChange(4, Kind.ADDRESS_BLOCKED, "203.0.113.6", null),
                new StateChange(5, Kind.ADDRESS_UNBLOCKED, "203.0.113.6", null));
        assertThat(bus.rebuildIfEmpty(() -> live)).isTrue(); // a fresh Redis has no marker
        assertThat(bus.rebuildIfEmpty(() -> live)).isFalse();
        assertThat(redis.call("EXISTS", "bw:{rev:jti:j1}")).isEqualTo(1L);

        redis.restart(); // no persistence: comes back empty
        assertThat(redis.call("EXISTS", "bw:{rev:jti:j1}")).isEqualTo(0L);

        assertThat(reconnected.await(5, TimeUnit.SECONDS)).isTrue();
        // the rebuild ran before the reconnect actions
        assertThat(redis.call("EXISTS", "bw:{rev:jti:j1}")).isEqualTo(1L);
        assertThat(redis.call("EXISTS", "bw:{rev:user:u1}")).isEqualTo(1L);
        assertThat(redis.call("GET", "bw:{block:203.0.113.5}")).isEqualTo("permanent");
        assertThat(redis.call("EXISTS", "bw:{block:203.0.113.6}")).isEqualTo(0L);
        assertThat(redis.call("EXISTS", "bw:state:epoch")).isEqualTo(1L);
        assertThat(bus.isConnected()).isTrue();

        // and the subscription is live again
        RedisChangeBus other = bus();
        BlockingQueue<StateChange> received = new LinkedBlockingQueue<>();
        bus.subscribe(received::add);
        StateChange c = token(6, "after", Duration.ofMinutes(1));
        other.publish(c);
        assertThat(received.poll(1, TimeUnit.SECONDS)).isEqualTo(c);
    }

    @Test
    void aFlushWithoutDisconnectIsRepairedByThePeriodicCheck() {
        RedisChangeBus bus = bus();
        List<StateChange> live = List.of(token(1, "j1", Duration.ofMinutes(10)));
        bus.rebuildIfEmpty(() -> live);
        redis.call("FLUSHALL");
        assertThat(eventually(() -> Long.valueOf(1L).equals(redis.call("EXISTS", "bw:{rev:jti:j1}")),
                Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void aSubscriptionRedisDidNotConfirmAtCreateIsRetried() throws InterruptedException {
        RedisCommandsGateway gateway = connectGateway(redis.url(), TIMEOUT);
        open.add(gateway);
        RedisChangeBus late;
        redis.pause();
        try {
            late = RedisChangeBus.create(gateway, SETTINGS, CLOCK); // does not throw
            open.add(late);
        } finally {
            redis.resume();
        }
        BlockingQueue<StateChange> received = new LinkedBlockingQueue<>();
        late.subscribe(received::add);
        RedisChangeBus other = bus();
        StateChange c = token(1, "j", Duration.ofMinutes(1));
        assertThat(eventually(() -> {
            other.publish(c);
            try {
                return received.poll(200, TimeUnit.MILLISECONDS) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aMalformedMessageIsDroppedAndAThrowingListenerDoesNotStopTheOthers() throws InterruptedException {
        RedisChangeBus bus = bus();
        BlockingQueue<StateChange> received = new LinkedBlockingQueue<>();
        bus.subscribe(c -> {
            throw new IllegalStateException("boom");
        });
        bus.subscribe(received::add);
        redis.call("PUBLISH", "bw:changes", "not a change");
        StateChange c = token(1, "j", Duration.ofMinutes(1));
        bus.publish(c);
        assertThat(received.poll(1, TimeUnit.SECONDS)).isEqualTo(c);
        assertThat(received).isEmpty();
    }

    /**
     * The gateway bounds even the connection handshake by the 100 ms command timeout, which a loaded test machine
     * can miss on a first connect; a server would retry at start, so the test does too.
     */
    static RedisCommandsGateway connectGateway(String url, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                return RedisCommandsGateway.connect(url, timeout);
            } catch (RedisUnavailableException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean eventually(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
