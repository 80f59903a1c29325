package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InProcessRateLimiterTest {

    private final FakeClock clock = new FakeClock(1_700_000_000_000_000L);

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void memoryStaysBoundedWhenThereAreMoreKeysThanTheMaximum(Algorithm algorithm) {
        var limiter = (InProcessRateLimiter<?>) new InProcessRateLimiterFactory(clock, 100)
                .create("p", RateLimit.of(algorithm, 5, Duration.ofMinutes(1)));
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("key-" + i, 1);
        }
        assertThat(limiter.keyCount()).isLessThanOrEqualTo(100);
    }

    @Test
    void idleKeysAreForgottenOnceTheirStateIsNeutral() {
        var limiter = (InProcessRateLimiter<?>) new InProcessRateLimiterFactory(clock, 1_000)
                .create("p", RateLimit.of(Algorithm.TOKEN_BUCKET, 10, Duration.ofSeconds(1)));
        for (int i = 0; i < 50; i++) {
            limiter.acquire("key-" + i, 1);
        }
        assertThat(limiter.keyCount()).isEqualTo(50);
        clock.advance(1_000_000); // the buckets are full again, but the slack has not passed
        assertThat(limiter.keyCount()).isEqualTo(50);
        clock.advance(1_000_001);
        assertThat(limiter.keyCount()).isZero();
    }

    @Test
    void aClockStepBackDoesNotMakeTheCacheForgetAKey() {
        // Regression: with the raw wall clock as Caffeine's ticker, the access during the step back
        // was stamped 30 s early, so the key looked idle afterwards and came back as a full bucket.
        var limiter = (InProcessRateLimiter<?>) new InProcessRateLimiterFactory(clock, 1_000)
                .create("p", RateLimit.of(Algorithm.TOKEN_BUCKET, 10, Duration.ofSeconds(1)));
        long t0 = clock.nowMicros();
        limiter.acquire("k", 10);
        clock.set(t0 - 30_000_000);
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
        clock.set(t0 + 1);
        assertThat(limiter.keyCount()).isEqualTo(1);
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
    }

    @Test
    void forgettingAnIdleKeyChangesNoDecision() {
        RateLimiter limiter = new InProcessRateLimiterFactory(clock, 1_000)
                .create("p", RateLimit.of(Algorithm.SLIDING_WINDOW, 2, Duration.ofSeconds(1)));
        limiter.acquire("k", 2);
        clock.advance(3_000_000);
        assertThat(limiter.acquire("k", 2).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
    }

    @Test
    void factoryValidatesItsArguments() {
        assertThatThrownBy(() -> new InProcessRateLimiterFactory(clock, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeysPerLimiter");
        assertThatThrownBy(() -> new InProcessRateLimiterFactory(null, 10)).isInstanceOf(NullPointerException.class);
        var factory = new InProcessRateLimiterFactory();
        assertThatThrownBy(() -> factory.create(null, RateLimit.of(Algorithm.GCRA, 1, Duration.ofSeconds(1))))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> factory.create("p", null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void defaultFactoryWorksOnTheSystemClock(Algorithm algorithm) {
        RateLimit limit = RateLimit.of(algorithm, 2, Duration.ofMinutes(1));
        RateLimiter limiter = new InProcessRateLimiterFactory().create("p", limit);
        assertThat(limiter.limit()).isEqualTo(limit);
        assertThat(limiter.toString()).contains("p");
        assertThat(limiter.acquire("k", 2).allowed()).isTrue();
        RateLimitDecision rejected = limiter.acquire("k", 1);
        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.retryAfterSeconds()).isBetween(1L, 60L);
        assertThatThrownBy(() -> limiter.acquire("k", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemClockIsEpochMicros() {
        long before = System.currentTimeMillis() * 1_000;
        long now = MicrosClock.system().nowMicros();
        long after = System.currentTimeMillis() * 1_000 + 1_000;
        assertThat(now).isBetween(before, after);
    }
}
