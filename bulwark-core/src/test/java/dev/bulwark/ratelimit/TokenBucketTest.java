package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private final FakeClock clock = new FakeClock(T0);
    private final InProcessRateLimiterFactory factory = new InProcessRateLimiterFactory(clock, 1_000);

    /** 600 per minute, capacity 100: one token every 100 ms. */
    private final RateLimiter limiter =
            factory.create("api-user", RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100));

    @Test
    void admitsTheBurstThenRejectsWithExactValues() {
        RateLimitDecision first = limiter.acquire("u", 1);
        assertThat(first).isEqualTo(new RateLimitDecision(true, 600, 99, 100_000, 0));
        for (int i = 1; i < 100; i++) {
            assertThat(limiter.acquire("u", 1).allowed()).isTrue();
        }
        RateLimitDecision rejected = limiter.acquire("u", 1);
        assertThat(rejected).isEqualTo(new RateLimitDecision(false, 600, 0, 10_000_000, 100_000));
        assertThat(rejected.retryAfterSeconds()).isEqualTo(1);
        assertThat(rejected.resetSeconds()).isEqualTo(10);
    }

    @Test
    void refillsExactlyAtTheBoundary() {
        drain("u", 100);
        clock.advance(99_999);
        RateLimitDecision early = limiter.acquire("u", 1);
        assertThat(early.allowed()).isFalse();
        assertThat(early.retryAfterMicros()).isEqualTo(1);
        clock.advance(1);
        assertThat(limiter.acquire("u", 1).allowed()).isTrue();
        assertThat(limiter.acquire("u", 1).allowed()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheCapacity() {
        drain("u", 100);
        clock.advance(Duration.ofDays(365).toNanos() / 1_000);
        assertThat(limiter.acquire("u", 1).remaining()).isEqualTo(99);
        drain("u", 99);
    }

    @Test
    void costAboveOneTakesThatManyTokensAndWaitsForThemAll() {
        assertThat(limiter.acquire("u", 60)).isEqualTo(new RateLimitDecision(true, 600, 40, 6_000_000, 0));
        assertThat(limiter.acquire("u", 40).remaining()).isZero();
        RateLimitDecision rejected = limiter.acquire("u", 5);
        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.retryAfterMicros()).isEqualTo(500_000);
        clock.advance(500_000);
        assertThat(limiter.acquire("u", 5).allowed()).isTrue();
    }

    @Test
    void costAboveTheCapacityIsRejectedWithRetryAfterOfOnePeriod() {
        RateLimitDecision d = limiter.acquire("u", 101);
        assertThat(d.allowed()).isFalse();
        assertThat(d.remaining()).isEqualTo(100);
        assertThat(d.retryAfterMicros()).isEqualTo(60_000_000);
        assertThat(d.retryAfterSeconds()).isEqualTo(60);
        assertThat(limiter.acquire("u", 100).allowed()).isTrue(); // nothing was charged
    }

    @Test
    void clockGoingBackwardsRefillsNothingAndAdmitsNoMore() {
        drain("u", 100);
        clock.set(T0 - 30_000_000);
        RateLimitDecision d = limiter.acquire("u", 1);
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterMicros()).isEqualTo(100_000); // measured from the bucket's own time
        clock.set(T0 + 50_000); // forward again, but not past one token
        assertThat(limiter.acquire("u", 1).allowed()).isFalse();
        clock.set(T0 + 100_000);
        assertThat(limiter.acquire("u", 1).allowed()).isTrue();
        assertThat(limiter.acquire("u", 1).allowed()).isFalse();
    }

    @Test
    void flappingClockGainsNothing() {
        drain("u", 100);
        for (int i = 0; i < 50; i++) {
            clock.set(T0 - 1_000_000);
            assertThat(limiter.acquire("u", 1).allowed()).isFalse();
            clock.set(T0 + 99_999);
            assertThat(limiter.acquire("u", 1).allowed()).isFalse();
        }
    }

    @Test
    void fractionalRateRefillsWithoutDrift() {
        TokenBucket bucket = new TokenBucket(RateLimit.of(Algorithm.TOKEN_BUCKET, 7, Duration.ofSeconds(1)));
        TokenBucket.State state = null;
        for (int i = 0; i < 7; i++) {
            var o = bucket.decide(state, 0, 1);
            assertThat(o.decision().allowed()).isTrue();
            state = o.state();
        }
        // One token is 1e6/7 µs = 142 857.14…: read it every microsecond, it is still not there at 142 857.
        for (long t = 1; t <= 142_857; t++) {
            var o = bucket.decide(state, t, 1);
            assertThat(o.decision().allowed()).isFalse();
            state = o.state();
        }
        assertThat(bucket.decide(state, 142_858, 1).decision().allowed()).isTrue();
        // Seven tokens after exactly one second, however it was sampled.
        var full = bucket.decide(state, 1_000_000, 7);
        assertThat(full.decision().allowed()).isTrue();
    }

    @Test
    void keysAreIndependent() {
        drain("a", 100);
        assertThat(limiter.acquire("b", 1).allowed()).isTrue();
    }

    @Test
    void rejectsInvalidCostAndKey() {
        assertThatThrownBy(() -> limiter.acquire("u", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost must be at least 1");
        assertThatThrownBy(() -> limiter.acquire(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void idleTimeUntilNeutralIsTheTimeToFill() {
        TokenBucket bucket = new TokenBucket(RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100));
        assertThat(bucket.idleMicrosUntilNeutral()).isEqualTo(10_000_000);
    }

    private void drain(String key, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(limiter.acquire(key, 1).allowed()).as("acquire %d", i).isTrue();
        }
        assertThat(limiter.acquire(key, 1).allowed()).isFalse();
    }
}
