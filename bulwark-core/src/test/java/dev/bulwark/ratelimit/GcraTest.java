package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private final FakeClock clock = new FakeClock(T0);
    /** 10 per second (one every 100 ms), bursts of 5. */
    private final RateLimiter limiter = new InProcessRateLimiterFactory(clock, 1_000)
            .create("gcra", RateLimit.of(Algorithm.GCRA, 10, Duration.ofSeconds(1)).withBurst(5));

    @Test
    void admitsTheBurstThenOneEveryEmissionInterval() {
        assertThat(limiter.acquire("k", 1)).isEqualTo(new RateLimitDecision(true, 10, 4, 100_000, 0));
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        }
        assertThat(limiter.acquire("k", 1)).isEqualTo(new RateLimitDecision(false, 10, 0, 500_000, 100_000));
        clock.advance(99_999);
        assertThat(limiter.acquire("k", 1).retryAfterMicros()).isEqualTo(1);
        clock.advance(1);
        assertThat(limiter.acquire("k", 1)).isEqualTo(new RateLimitDecision(true, 10, 0, 500_000, 0));
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
    }

    @Test
    void costAboveOneAndAboveTheBurst() {
        assertThat(limiter.acquire("k", 3)).isEqualTo(new RateLimitDecision(true, 10, 2, 300_000, 0));
        RateLimitDecision rejected = limiter.acquire("k", 3);
        assertThat(rejected).isEqualTo(new RateLimitDecision(false, 10, 2, 300_000, 100_000));
        RateLimitDecision tooBig = limiter.acquire("k", 6);
        assertThat(tooBig).isEqualTo(new RateLimitDecision(false, 10, 2, 300_000, 1_000_000));
        assertThat(limiter.acquire("fresh", 6).allowed()).isFalse();
        assertThat(limiter.acquire("fresh", 5).allowed()).isTrue();
    }

    @Test
    void clockGoingBackwardsOnlyMakesItStricter() {
        limiter.acquire("k", 5);
        clock.set(T0 - 1_000_000);
        RateLimitDecision d = limiter.acquire("k", 1);
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterMicros()).isEqualTo(1_100_000); // the step back is part of the wait
        clock.set(T0 + 100_000);
        assertThat(limiter.acquire("k", 1).allowed()).isTrue();
        assertThat(limiter.acquire("k", 1).allowed()).isFalse();
    }

    @Test
    void absurdClockStepSaturatesInsteadOfOverflowing() {
        Gcra gcra = new Gcra(RateLimit.of(Algorithm.GCRA, 7, Duration.ofSeconds(1)));
        var o = gcra.decide(null, 1L << 62, 1);
        var overflowing = gcra.decide(o.state(), -(1L << 62), 1).decision();
        assertThat(overflowing.allowed()).isFalse();
        assertThat(overflowing.remaining()).isZero();
        var saturating = gcra.decide(o.state(), 0, 1).decision();
        assertThat(saturating.allowed()).isFalse();
        assertThat(saturating.retryAfterMicros()).isPositive();
    }

    @Test
    void fractionalIntervalIsKeptExactly() {
        Gcra gcra = new Gcra(RateLimit.of(Algorithm.GCRA, 7, Duration.ofSeconds(1)));
        Gcra.State state = null;
        for (int i = 0; i < 7; i++) {
            var o = gcra.decide(state, 0, 1);
            assertThat(o.decision().allowed()).isTrue();
            state = o.state();
        }
        assertThat(state).isEqualTo(new Gcra.State(1_000_000, 0));
        assertThat(gcra.decide(state, 142_857, 1).decision().allowed()).isFalse();
        var o = gcra.decide(state, 142_858, 1);
        assertThat(o.decision().allowed()).isTrue();
        assertThat(o.state()).isEqualTo(new Gcra.State(1_142_857, 1)); // 142 858 + 999 999 1/7 µs, in sevenths
        assertThat(gcra.idleMicrosUntilNeutral()).isEqualTo(1_000_000);
    }
}
