package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000;
    private static final long PERIOD = 10 * SECOND;
    private final FakeClock clock = new FakeClock(T0);
    private final RateLimiter limiter = new InProcessRateLimiterFactory(clock, 1_000)
            .create("login", RateLimit.of(Algorithm.SLIDING_WINDOW, 3, Duration.ofSeconds(10)));

    @Test
    void admitsNInAWindowAndTheNextOnlyWhenTheFirstHasLeft() {
        assertThat(limiter.acquire("ip", 1)).isEqualTo(new RateLimitDecision(true, 3, 2, PERIOD, 0));
        assertThat(limiter.acquire("ip", 1).allowed()).isTrue();
        assertThat(limiter.acquire("ip", 1)).isEqualTo(new RateLimitDecision(true, 3, 0, PERIOD, 0));
        clock.set(T0 + PERIOD - 1);
        assertThat(limiter.acquire("ip", 1)).isEqualTo(new RateLimitDecision(false, 3, 0, 1, 1));
        clock.set(T0 + PERIOD);
        assertThat(limiter.acquire("ip", 1)).isEqualTo(new RateLimitDecision(true, 3, 2, PERIOD, 0));
    }

    @Test
    void staggeredHitsLeaveOneByOne() {
        limiter.acquire("ip", 1);
        clock.set(T0 + SECOND);
        limiter.acquire("ip", 1);
        clock.set(T0 + 2 * SECOND);
        limiter.acquire("ip", 1);
        clock.set(T0 + 5 * SECOND);
        RateLimitDecision rejected = limiter.acquire("ip", 1);
        assertThat(rejected).isEqualTo(new RateLimitDecision(false, 3, 0, 7 * SECOND, 5 * SECOND));
        assertThat(rejected.retryAfterSeconds()).isEqualTo(5);

        clock.set(T0 + PERIOD); // the hit at T0 has left, the others have not
        assertThat(limiter.acquire("ip", 1)).isEqualTo(new RateLimitDecision(true, 3, 0, PERIOD, 0));
        assertThat(limiter.acquire("ip", 1).retryAfterMicros()).isEqualTo(SECOND);
    }

    @Test
    void costAboveOneWaitsForEnoughHitsToLeave() {
        limiter.acquire("ip", 1);
        clock.set(T0 + SECOND);
        limiter.acquire("ip", 1);
        clock.set(T0 + 2 * SECOND);
        RateLimitDecision rejected = limiter.acquire("ip", 2); // one free; needs the hit at T0 gone
        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.remaining()).isEqualTo(1);
        assertThat(rejected.retryAfterMicros()).isEqualTo(8 * SECOND);
        assertThat(limiter.acquire("ip", 3).retryAfterMicros()).isEqualTo(9 * SECOND); // needs both gone
        clock.set(T0 + 11 * SECOND);
        assertThat(limiter.acquire("ip", 2)).isEqualTo(new RateLimitDecision(true, 3, 1, PERIOD, 0));
        assertThat(limiter.acquire("ip", 1).allowed()).isTrue();
        assertThat(limiter.acquire("ip", 1).allowed()).isFalse();
    }

    @Test
    void costAboveTheLimitIsRejectedWithRetryAfterOfOnePeriod() {
        RateLimitDecision d = limiter.acquire("ip", 4);
        assertThat(d).isEqualTo(new RateLimitDecision(false, 3, 3, 0, PERIOD));
        assertThat(limiter.acquire("ip", 3).allowed()).isTrue();
    }

    @Test
    void clockGoingBackwardsExpiresNothingEarly() {
        limiter.acquire("ip", 3);
        clock.set(T0 - PERIOD); // far back
        assertThat(limiter.acquire("ip", 1).allowed()).isFalse();
        clock.set(T0 + PERIOD - 1);
        assertThat(limiter.acquire("ip", 1).allowed()).isFalse();
        clock.set(T0 + PERIOD);
        assertThat(limiter.acquire("ip", 3).allowed()).isTrue();
    }

    @Test
    void clockGoingBackwardsAfterAnExpiryCannotReadmit() {
        limiter.acquire("ip", 3);
        clock.set(T0 + PERIOD); // all three have left
        assertThat(limiter.acquire("ip", 4).allowed()).isFalse(); // rejected, but the log's time moved on
        assertThat(limiter.acquire("ip", 3).allowed()).isTrue();
        clock.set(T0 + 1);
        assertThat(limiter.acquire("ip", 1).allowed()).isFalse();
    }

    @Test
    void logGrowsToTheLimitAndNoFurther() {
        SlidingWindow window = new SlidingWindow(RateLimit.of(Algorithm.SLIDING_WINDOW, 100, Duration.ofSeconds(1)));
        SlidingWindow.Log log = null;
        for (int i = 0; i < 100; i++) {
            var o = window.decide(log, i, 1);
            assertThat(o.decision().allowed()).isTrue();
            log = o.state();
        }
        assertThat(log.size()).isEqualTo(100);
        assertThat(window.decide(log, 100, 1).decision().allowed()).isFalse();
        // At 1s the hit at 0 has left: one more fits, the ring wraps around, the size stays at the limit.
        var o = window.decide(log, 1_000_000, 1);
        assertThat(o.decision()).isEqualTo(new RateLimitDecision(true, 100, 0, 1_000_000, 0));
        assertThat(o.state().size()).isEqualTo(100);
        assertThat(window.decide(o.state(), 1_000_000, 1).decision().retryAfterMicros()).isEqualTo(1);
    }

    @Test
    void rejectsLimitsTooLargeToLog() {
        assertThatThrownBy(() -> new SlidingWindow(RateLimit.of(Algorithm.SLIDING_WINDOW, Integer.MAX_VALUE, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use token_bucket");
    }
}
