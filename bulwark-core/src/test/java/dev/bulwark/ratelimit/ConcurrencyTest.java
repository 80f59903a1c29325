package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 32 threads on one key of one limiter: never more admitted than the limit. */
class ConcurrencyTest {

    private static final int THREADS = 32;
    private static final int ATTEMPTS_PER_THREAD = 200;
    private static final int LIMIT = 1_000;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void exactlyTheLimitIsAdmittedUnderContentionOnOneKey(Algorithm algorithm) throws Exception {
        MicrosClock frozen = () -> 1_700_000_000_000_000L;
        RateLimiter limiter = new InProcessRateLimiterFactory(frozen, 10)
                .create("hot", RateLimit.of(algorithm, LIMIT, Duration.ofHours(1)));
        assertThat(hammer(limiter, 1)).isEqualTo(LIMIT);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void costsAboveOneNeverOvershootUnderContention(Algorithm algorithm) throws Exception {
        MicrosClock frozen = () -> 1_700_000_000_000_000L;
        RateLimiter limiter = new InProcessRateLimiterFactory(frozen, 10)
                .create("hot", RateLimit.of(algorithm, LIMIT, Duration.ofHours(1)));
        assertThat(hammer(limiter, 3)).isEqualTo(LIMIT / 3);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aTickingClockAdmitsNoMoreThanTheLimitPlusWhatTheElapsedTimeAllows(Algorithm algorithm) throws Exception {
        AtomicLong micros = new AtomicLong(1_700_000_000_000_000L);
        MicrosClock ticking = micros::incrementAndGet; // every read moves time by 1 µs
        RateLimiter limiter = new InProcessRateLimiterFactory(ticking, 10)
                .create("hot", RateLimit.of(algorithm, LIMIT, Duration.ofHours(1)));
        // 6 400 reads ≈ 6 400 µs: at 1 000 per hour that refills nothing and no window ends.
        assertThat(hammer(limiter, 1)).isEqualTo(LIMIT);
    }

    private static long hammer(RateLimiter limiter, long cost) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                admitted.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                        if (limiter.acquire("one-key", cost).allowed()) {
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            long total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
