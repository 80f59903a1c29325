package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One random sequence of (time, key, cost), fixed seed, fed to the in-process limiter and to the
 * Redis script with the same explicit times: every decision must be identical.
 */
final class DifferentialSequence {

    static final int STEPS = 600;
    private static final long EPOCH_2025_MICROS = 1_735_689_600_000_000L;

    private DifferentialSequence() {
    }

    static Stream<RateLimit> limits() {
        return Stream.of(
                RateLimit.of(Algorithm.TOKEN_BUCKET, 10, Duration.ofSeconds(1)),
                RateLimit.of(Algorithm.TOKEN_BUCKET, 7, Duration.ofSeconds(3)).withBurst(4),
                RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100),
                RateLimit.of(Algorithm.GCRA, 10, Duration.ofSeconds(1)),
                RateLimit.of(Algorithm.GCRA, 7, Duration.ofSeconds(3)).withBurst(4),
                RateLimit.of(Algorithm.GCRA, 600, Duration.ofMinutes(1)).withBurst(100),
                RateLimit.of(Algorithm.SLIDING_WINDOW, 5, Duration.ofSeconds(2)),
                RateLimit.of(Algorithm.SLIDING_WINDOW, 13, Duration.ofMillis(1_700)),
                RateLimit.of(Algorithm.FIXED_WINDOW, 5, Duration.ofSeconds(2)),
                RateLimit.of(Algorithm.FIXED_WINDOW, 13, Duration.ofMillis(1_700)));
    }

    static void assertSameDecisions(RedisCommandsGateway redis, RateLimit limit, long seed) {
        Random random = new Random(seed);
        AtomicLong now = new AtomicLong(EPOCH_2025_MICROS + random.nextInt(1_000_000_000));
        RateLimiter local = new InProcessRateLimiterFactory(now::get, 1_000).create("diff", limit);
        String policy = "diff-" + Long.toHexString(random.nextLong() >>> 1); // fresh keys every run
        RateLimiter shared = new RedisRateLimiterFactory(redis, now::get).create(policy, limit);
        List<String> subjects = List.of("198.51.100.1", "user:42", "key:\u00e9\u00e8}{");
        long period = limit.periodMicros();
        for (int step = 0; step < STEPS; step++) {
            int move = random.nextInt(100);
            if (move < 45) {
                now.addAndGet(random.nextInt((int) Math.min(Integer.MAX_VALUE, period / limit.limit() + 1)));
            } else if (move < 60) {
                // stay: several requests in the same microsecond
            } else if (move < 75) {
                // a whole fraction of the period, so hits land exactly on window and refill boundaries
                now.addAndGet(period / 4 * (1 + random.nextInt(4)));
            } else if (move < 92) {
                now.addAndGet(1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, period / 3)));
            } else if (move < 97) {
                now.addAndGet(period + random.nextInt((int) Math.min(Integer.MAX_VALUE, period)));
            } else {
                now.addAndGet(-random.nextInt(1 + (int) Math.min(Integer.MAX_VALUE, period / 20))); // clock steps back
            }
            String subject = subjects.get(random.nextInt(subjects.size()));
            long cost = random.nextInt(10) < 8 ? 1 : 1 + random.nextInt((int) Math.min(20, limit.burst() + 1));
            RateLimitDecision expected = local.acquire(subject, cost);
            RateLimitDecision actual = shared.acquire(subject, cost);
            assertThat(actual).as("step %d: %s at %d µs, cost %d, %s", step, subject, now.get(), cost, limit)
                    .isEqualTo(expected);
        }
    }
}
