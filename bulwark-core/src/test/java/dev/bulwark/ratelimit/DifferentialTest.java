package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomised, seeded comparisons: GCRA against the token bucket it is equivalent to, and the
 * sliding-window log against a brute-force model of "at most limit in any window".
 */
class DifferentialTest {

    @Test
    void gcraDecidesExactlyAsTheTokenBucketDoes() {
        Random random = new Random(20261203);
        for (int run = 0; run < 300; run++) {
            long limit = 1 + random.nextInt(50);
            long period = 1_000 + random.nextInt(5_000_000);
            long burst = 1 + random.nextInt(60);
            TokenBucket bucket = new TokenBucket(new RateLimit(Algorithm.TOKEN_BUCKET, limit, period, burst));
            Gcra gcra = new Gcra(new RateLimit(Algorithm.GCRA, limit, period, burst));
            TokenBucket.State b = null;
            Gcra.State g = null;
            long now = random.nextLong() >>> 14;
            for (int step = 0; step < 400; step++) {
                now += (long) random.nextInt((int) Math.max(1, 3 * period / limit));
                long cost = 1 + random.nextInt((int) burst + 2);
                var fromBucket = bucket.decide(b, now, cost);
                var fromGcra = gcra.decide(g, now, cost);
                assertThat(fromGcra.decision()).as("run %d step %d: %d/%dµs burst %d cost %d", run, step, limit,
                        period, burst, cost).isEqualTo(fromBucket.decision());
                b = fromBucket.state();
                g = fromGcra.state();
            }
        }
    }

    @Test
    void slidingWindowMatchesABruteForceLogAndItsRetryAfterIsExact() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            int limit = 1 + random.nextInt(12);
            long period = 1_000 + random.nextInt(100_000);
            SlidingWindow window = new SlidingWindow(new RateLimit(Algorithm.SLIDING_WINDOW, limit, period, limit));
            SlidingWindow.Log log = null;
            List<Long> admitted = new ArrayList<>();
            long now = 1_000_000_000L;
            for (int step = 0; step < 300; step++) {
                now += random.nextInt((int) (2 * period / limit) + 1);
                long cost = 1 + random.nextInt(Math.max(1, limit / 2) + 1);
                var outcome = window.decide(log, now, cost);
                log = outcome.state();
                RateLimitDecision d = outcome.decision();
                boolean expected = fits(admitted, now, period, limit, cost);
                assertThat(d.allowed()).as("run %d step %d", run, step).isEqualTo(expected);
                if (expected) {
                    for (int i = 0; i < cost; i++) {
                        admitted.add(now);
                    }
                } else if (cost <= limit) {
                    assertThat(fits(admitted, now + d.retryAfterMicros() - 1, period, limit, cost)).isFalse();
                    assertThat(fits(admitted, now + d.retryAfterMicros(), period, limit, cost)).isTrue();
                }
                assertThat(d.remaining()).isEqualTo(limit - inWindow(admitted, now, period));
            }
            // The defining property: no window of one period ever holds more than the limit.
            for (long start : admitted) {
                long count = admitted.stream().filter(h -> h >= start && h < start + period).count();
                assertThat(count).isLessThanOrEqualTo(limit);
            }
        }
    }

    private static boolean fits(List<Long> admitted, long now, long period, int limit, long cost) {
        return inWindow(admitted, now, period) + cost <= limit;
    }

    private static long inWindow(List<Long> admitted, long now, long period) {
        return admitted.stream().filter(h -> h > now - period && h <= now).count();
    }
}
