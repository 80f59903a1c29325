package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testkit.RedisServerProcess;
import dev.bulwark.testkit.RedisTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Lua scripts against a real redis-server: the same decisions as in process, atomic, with TTLs. */
@RedisTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitScriptsTest {

    private final RedisServerProcess server;
    private RedisCommandsGateway redis;

    RateLimitScriptsTest(RedisServerProcess server) {
        this.server = server;
    }

    @BeforeAll
    void connect() {
        redis = RedisCommandsGateway.connect(server.url(), Duration.ofSeconds(2));
    }

    @AfterAll
    void disconnect() {
        redis.close();
    }

    static Stream<RateLimit> limits() {
        return DifferentialSequence.limits();
    }

    @ParameterizedTest
    @MethodSource("limits")
    void scriptsDecideExactlyAsTheInProcessAlgorithms(RateLimit limit) {
        DifferentialSequence.assertSameDecisions(redis, limit, 0xB0_1A_4CL ^ limit.hashCode());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void exactlyTheLimitIsAdmittedUnderContentionFromTwoInstances(Algorithm algorithm) throws Exception {
        long n = 100;
        RateLimit limit = RateLimit.of(algorithm, n, Duration.ofHours(1));
        String policy = "contention-" + algorithm.yamlName();
        try (RedisCommandsGateway a = RedisCommandsGateway.connect(server.url(), Duration.ofSeconds(5));
                RedisCommandsGateway b = RedisCommandsGateway.connect(server.url(), Duration.ofSeconds(5))) {
            List<RateLimiter> instances = List.of(new RedisRateLimiterFactory(a).create(policy, limit),
                    new RedisRateLimiterFactory(b).create(policy, limit));
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                List<Future<Integer>> admitted = new ArrayList<>();
                for (int t = 0; t < 64; t++) {
                    RateLimiter limiter = instances.get(t % 2);
                    admitted.add(pool.submit(() -> {
                        int mine = 0;
                        for (int i = 0; i < 10; i++) {
                            if (limiter.acquire("hot-key", 1).allowed()) {
                                mine++;
                            }
                        }
                        return mine;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : admitted) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(n);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aScriptFlushMidwayIsRecoveredFrom() {
        RedisRateLimiter limiter = new RedisRateLimiterFactory(redis).create("flush",
                RateLimit.of(Algorithm.TOKEN_BUCKET, 10, Duration.ofMinutes(1)));
        assertThat(limiter.acquire("k", 1).remaining()).isEqualTo(9);
        assertThat(server.call("SCRIPT", "FLUSH")).isEqualTo("OK");
        assertThat(server.call("SCRIPT", "EXISTS", RateLimitScripts.load().tokenBucket().sha1()))
                .isEqualTo(List.of(0L));
        assertThat(limiter.acquire("k", 1).remaining()).isEqualTo(8);
        assertThat(server.call("SCRIPT", "EXISTS", RateLimitScripts.load().tokenBucket().sha1()))
                .isEqualTo(List.of(1L));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyKeyWrittenHasATtl(Algorithm algorithm) {
        RedisRateLimiter limiter = new RedisRateLimiterFactory(redis).create("ttl",
                RateLimit.of(algorithm, 3, Duration.ofSeconds(30)));
        for (int i = 0; i < 5; i++) { // admissions and rejections
            limiter.acquire("203.0.113.7", 1);
        }
        String[] keys = limiter.keys("203.0.113.7");
        for (String key : keys) {
            assertThat(server.call("EXISTS", key)).as(key).isEqualTo(1L);
            assertThat((Long) server.call("PTTL", key)).as(key).isPositive().isLessThanOrEqualTo(31_000L);
        }
        assertThat(keys[0]).startsWith("bw:{ttl:").doesNotContain("203.0.113.7");
        String hashTag = keys[0].substring(keys[0].indexOf('{'), keys[0].indexOf('}') + 1);
        assertThat(keys).allSatisfy(key -> assertThat(key).startsWith("bw:" + hashTag + ":")); // one Cluster slot
    }

    @Test
    void realTimeIsTheServersTime() {
        AtomicLong skewed = new AtomicLong(0); // a client clock stuck at 1970 is never consulted
        RedisRateLimiter limiter = new RedisRateLimiterFactory(redis).create("time",
                RateLimit.of(Algorithm.FIXED_WINDOW, 5, Duration.ofSeconds(10)));
        RateLimitDecision d = limiter.acquire("k" + skewed.get(), 1);
        assertThat(d.allowed()).isTrue();
        assertThat(d.resetMicros()).isBetween(1L, 10_000_000L);
    }

    @Test
    void aCostAboveTheCapacityIsRejectedWithOnePeriod() {
        for (Algorithm algorithm : Algorithm.values()) {
            RateLimit limit = RateLimit.of(algorithm, 5, Duration.ofSeconds(10));
            RateLimitDecision redisSide = new RedisRateLimiterFactory(redis).create("big", limit).acquire("k", 6);
            RateLimitDecision local = new InProcessRateLimiterFactory().create("big", limit).acquire("k", 6);
            assertThat(redisSide.allowed()).isFalse();
            assertThat(redisSide.retryAfterMicros()).isEqualTo(10_000_000L).isEqualTo(local.retryAfterMicros());
        }
    }
}
