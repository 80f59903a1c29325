package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.redis.RedisChangeBus;
import dev.bulwark.redis.RedisCommandsGateway;
import dev.bulwark.redis.RedisUnavailableException;
import dev.bulwark.revocation.InMemoryRevocationStore;
import dev.bulwark.revocation.ReplicatedRevocationStore;
import dev.bulwark.server.persistence.Database;
import dev.bulwark.server.persistence.JdbcChangeLog;
import dev.bulwark.sync.ChangeFeed;
import dev.bulwark.testkit.PostgresTest;
import dev.bulwark.testkit.RedisServerProcess;
import dev.bulwark.testkit.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two "instances" — each with its own database pool, {@link JdbcChangeLog}, {@link ChangeFeed},
 * {@link RedisChangeBus} and {@link ReplicatedRevocationStore} — on one real PostgreSQL schema and one real
 * redis-server. Revocations must reach the other instance within a second by pub/sub, still within a second by
 * polling while Redis is dead, and survive Redis coming back empty.
 */
@PostgresTest
class RevocationReplicationTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final TestPostgres pg;
    private RedisServerProcess redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    RevocationReplicationTest(TestPostgres pg) {
        this.pg = pg;
    }

    /** One server's worth of the revocation machinery. */
    private record Instance(ReplicatedRevocationStore store, ChangeFeed feed, RedisChangeBus bus, JdbcChangeLog log) {
        boolean refuses(String jti) {
            return store.isRevoked(jti, "sid-" + jti, "user-" + jti, Instant.now());
        }
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
        open.add(redis);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private Instance instance() {
        Database db = Database.open(pg.jdbcUrl(), pg.user(), pg.password());
        open.add(db);
        JdbcChangeLog log = new JdbcChangeLog(db.jdbi(), CLOCK);
        RedisCommandsGateway gateway = connectGateway(redis.url());
        open.add(gateway);
        RedisChangeBus bus = RedisChangeBus.create(gateway, RedisChangeBus.Settings.defaults()
                .withMarkerCheckInterval(Duration.ofMillis(500)), CLOCK);
        open.add(bus);
        ReplicatedRevocationStore store = new ReplicatedRevocationStore(log, bus,
                new InMemoryRevocationStore(CLOCK, Duration.ofSeconds(30)));
        ChangeFeed feed = ChangeFeed.builder(log).bus(bus).build(); // the production 500 ms poll
        feed.addListener(store::apply);
        feed.start();
        open.add(feed);
        bus.rebuildIfEmpty(() -> log.live(CLOCK.instant()));
        return new Instance(store, feed, bus, log);
    }

    private static String jti() {
        return "jti-" + UUID.randomUUID();
    }

    private static Instant exp() {
        return CLOCK.instant().plus(Duration.ofMinutes(15));
    }

    @Test
    void aRevocationOnOneInstanceIsSeenByTheOtherWithinASecond() {
        Instance one = instance();
        Instance two = instance();
        String jti = jti();
        assertThat(two.refuses(jti)).isFalse();

        one.store().revokeToken(jti, exp());

        assertThat(one.refuses(jti)).isTrue();
        assertThat(within(WITHIN, () -> two.refuses(jti))).isTrue();
        assertThat(redis.call("EXISTS", "bw:{rev:jti:" + jti + "}")).isEqualTo(1L);
    }

    @Test
    void withRedisKilledARevocationStillReachesTheOtherInstanceWithinASecond() {
        Instance one = instance();
        Instance two = instance();
        redis.kill();

        String jti = jti();
        one.store().revokeToken(jti, exp()); // does not throw: stored in PostgreSQL, the bus fails quietly
        String user = "user-" + UUID.randomUUID();
        Instant issuedEarlier = CLOCK.instant().minusSeconds(5);
        one.store().revokeUserBefore(user, CLOCK.instant());

        assertThat(one.refuses(jti)).isTrue();
        assertThat(within(WITHIN, () -> two.refuses(jti)))
                .as(() -> "two applied " + two.feed().appliedSequence() + ", log has " + two.log().since(0, 1000))
                .isTrue();
        assertThat(within(WITHIN, () -> two.store().isRevoked("x", "y", user, issuedEarlier))).isTrue();
    }

    @Test
    void redisRestartedEmptyLosesNoRevocationAndIsRebuilt() {
        Instance one = instance();
        Instance two = instance();
        String before = jti();
        one.store().revokeToken(before, exp());
        assertThat(within(WITHIN, () -> two.refuses(before))).isTrue();

        redis.kill();
        String during = jti();
        two.store().revokeSession("sid-" + during, exp());
        assertThat(within(WITHIN, () -> one.refuses(during))).isTrue();

        redis.restart(); // no persistence: empty
        assertThat(one.refuses(before) && two.refuses(before) && one.refuses(during) && two.refuses(during))
                .isTrue();
        assertThat(within(Duration.ofSeconds(5), () -> Long.valueOf(1).equals(redis.call("EXISTS", "bw:state:epoch"))
                && Long.valueOf(1).equals(redis.call("EXISTS", "bw:{rev:jti:" + before + "}"))
                && Long.valueOf(1).equals(redis.call("EXISTS", "bw:{rev:sid:sid-" + during + "}")))).isTrue();

        // recovered by themselves: pub/sub carries the next revocation again
        assertThat(within(Duration.ofSeconds(5), () -> one.bus().isConnected() && two.bus().isConnected())).isTrue();
        String after = jti();
        one.store().revokeToken(after, exp());
        assertThat(within(WITHIN, () -> two.refuses(after))).isTrue();
    }

    @Test
    void aNewInstanceStartsWithEveryEarlierRevocation() {
        Instance one = instance();
        String jti = jti();
        one.store().revokeToken(jti, exp());
        redis.kill(); // the newcomer loads from the database, not from Redis
        redis.restart();
        Instance late = instance();
        assertThat(late.refuses(jti)).isTrue();
        assertThat(late.feed().appliedSequence()).isGreaterThanOrEqualTo(one.feed().appliedSequence());
    }

    /** The gateway bounds even its handshake by the 100 ms command timeout; a loaded machine can miss that once. */
    private static RedisCommandsGateway connectGateway(String url) {
        for (int attempt = 1; ; attempt++) {
            try {
                return RedisCommandsGateway.connect(url);
            } catch (RedisUnavailableException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
