package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedWindowTest {

    private static final long MINUTE = 60_000_000L;
    private static final long SECOND = 1_000_000L;
    /** 15 s into an epoch-aligned minute. */
    private static final long T0 = 28_333_333 * MINUTE + 15 * SECOND;
    private final FakeClock clock = new FakeClock(T0);
    private final RateLimiter limiter = new InProcessRateLimiterFactory(clock, 1_000)
            .create("quota", RateLimit.of(Algorithm.FIXED_WINDOW, 5, Duration.ofMinutes(1)));

    @Test
    void countsWithinTheAlignedWindowAndResetsAtItsEnd() {
        assertThat(limiter.acquire("t", 1)).isEqualTo(new RateLimitDecision(true, 5, 4, 45 * SECOND, 0));
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("t", 1).allowed()).isTrue();
        }
        assertThat(limiter.acquire("t", 1)).isEqualTo(new RateLimitDecision(false, 5, 0, 45 * SECOND, 45 * SECOND));
        clock.set(T0 + 45 * SECOND - 1);
        assertThat(limiter.acquire("t", 1)).isEqualTo(new RateLimitDecision(false, 5, 0, 1, 1));
        clock.set(T0 + 45 * SECOND);
        assertThat(limiter.acquire("t", 1)).isEqualTo(new RateLimitDecision(true, 5, 4, MINUTE, 0));
    }

    @Test
    void admitsUpToTwiceTheLimitAcrossABoundaryAsDocumented() {
        clock.set(T0 + 45 * SECOND - 1);
        assertThat(limiter.acquire("t", 5).allowed()).isTrue();
        clock.set(T0 + 45 * SECOND);
        assertThat(limiter.acquire("t", 5).allowed()).isTrue();
        assertThat(limiter.acquire("t", 1).allowed()).isFalse();
    }

    @Test
    void costAboveOneAndAboveTheLimit() {
        assertThat(limiter.acquire("t", 3).remaining()).isEqualTo(2);
        assertThat(limiter.acquire("t", 3).allowed()).isFalse();
        assertThat(limiter.acquire("t", 2).remaining()).isZero();
        RateLimitDecision tooBig = limiter.acquire("other", 6);
        assertThat(tooBig).isEqualTo(new RateLimitDecision(false, 5, 5, 45 * SECOND, MINUTE));
    }

    @Test
    void clockGoingBackwardsNeverOpensAWindowAgain() {
        clock.set(T0 + 45 * SECOND); // start of the next window
        assertThat(limiter.acquire("t", 5).allowed()).isTrue();
        clock.set(T0); // back into the previous window
        RateLimitDecision d = limiter.acquire("t", 1);
        assertThat(d.allowed()).isFalse();
        assertThat(d.resetMicros()).isEqualTo(MINUTE); // measured from the window's start
        clock.set(T0 + 45 * SECOND + MINUTE);
        assertThat(limiter.acquire("t", 1).allowed()).isTrue();
    }

    @Test
    void windowsAlignForNegativeTimesToo() {
        FixedWindow window = new FixedWindow(RateLimit.of(Algorithm.FIXED_WINDOW, 1, Duration.ofSeconds(1)));
        var o = window.decide(null, -1, 1);
        assertThat(o.state().windowStartMicros()).isEqualTo(-SECOND);
        assertThat(o.decision().resetMicros()).isEqualTo(1);
        assertThat(window.idleMicrosUntilNeutral()).isEqualTo(SECOND);
    }
}
