package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitValuesTest {

    @Test
    void algorithmParsesTheYamlSpellingsCaseInsensitively() {
        assertThat(Algorithm.parse("token_bucket")).isEqualTo(Algorithm.TOKEN_BUCKET);
        assertThat(Algorithm.parse("Sliding_Window")).isEqualTo(Algorithm.SLIDING_WINDOW);
        assertThat(Algorithm.parse("FIXED_WINDOW")).isEqualTo(Algorithm.FIXED_WINDOW);
        assertThat(Algorithm.parse("gcra")).isEqualTo(Algorithm.GCRA);
        for (Algorithm a : Algorithm.values()) {
            assertThat(Algorithm.parse(a.yamlName())).isEqualTo(a);
        }
        assertThatThrownBy(() -> Algorithm.parse("leaky-bucket")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown rate-limit algorithm \"leaky-bucket\"; "
                        + "use one of token_bucket, sliding_window, fixed_window, gcra");
        assertThatThrownBy(() -> Algorithm.parse(null)).hasMessageContaining("null");
        assertThat(Algorithm.TOKEN_BUCKET.hasBurst()).isTrue();
        assertThat(Algorithm.FIXED_WINDOW.hasBurst()).isFalse();
    }

    @Test
    void rateLimitOfConvertsThePeriodAndSetsBurstToLimit() {
        RateLimit limit = RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1));
        assertThat(limit).isEqualTo(new RateLimit(Algorithm.TOKEN_BUCKET, 600, 60_000_000, 600));
        assertThat(limit.withBurst(100).burst()).isEqualTo(100);
        assertThat(RateLimit.of(Algorithm.GCRA, 1, Duration.ofMillis(1)).periodMicros()).isEqualTo(1_000);
    }

    @Test
    void rateLimitRejectsNonsense() {
        assertThatThrownBy(() -> new RateLimit(null, 1, 1_000, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RateLimit(Algorithm.GCRA, 0, 1_000, 1)).hasMessageContaining("limit must be at least 1");
        assertThatThrownBy(() -> new RateLimit(Algorithm.GCRA, 1, 999, 1)).hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> new RateLimit(Algorithm.GCRA, 1, 1_000, 0)).hasMessageContaining("burst must be at least 1");
        assertThatThrownBy(() -> RateLimit.of(Algorithm.FIXED_WINDOW, 10, Duration.ofMinutes(1)).withBurst(20))
                .hasMessageContaining("fixed_window has no burst");
        assertThatThrownBy(() -> new RateLimit(Algorithm.TOKEN_BUCKET, 1, 14L * 86_400_000_000L, 10_000))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> RateLimit.of(Algorithm.GCRA, 1, Duration.ofSeconds(Long.MAX_VALUE / 1_000)))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> RateLimit.of(Algorithm.GCRA, 1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void decisionRoundsSecondsUp() {
        var allowed = new RateLimitDecision(true, 10, 3, 1_000_001, 0);
        assertThat(allowed.resetSeconds()).isEqualTo(2);
        assertThat(allowed.retryAfterSeconds()).isZero();
        assertThat(new RateLimitDecision(true, 10, 3, 0, 0).resetSeconds()).isZero();
        assertThat(new RateLimitDecision(false, 10, 0, 5, 1).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateLimitDecision(false, 10, 0, 5, 0).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateLimitDecision(false, 10, 0, 5, 2_000_000).retryAfterSeconds()).isEqualTo(2);
        assertThat(new RateLimitDecision(false, 10, 0, 5, 2_000_001).retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void decisionRejectsInconsistentValues() {
        assertThatThrownBy(() -> new RateLimitDecision(true, 0, 0, 0, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new RateLimitDecision(true, 1, -1, 0, 0)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RateLimitDecision(true, 1, 0, -1, 0)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RateLimitDecision(false, 1, 0, 0, -1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RateLimitDecision(true, 1, 0, 0, 5)).hasMessageContaining("no retry-after");
    }

    @Test
    void mostRestrictivePrefersRejectionsThenLongestRetryThenLowestRemainingThenLongestReset() {
        var roomy = new RateLimitDecision(true, 100, 50, 10, 0);
        var tight = new RateLimitDecision(true, 10, 2, 10, 0);
        var tightLongerReset = new RateLimitDecision(true, 10, 2, 99, 0);
        var shortWait = new RateLimitDecision(false, 10, 0, 5, 1_000);
        var longWait = new RateLimitDecision(false, 10, 0, 5, 9_000);
        assertThat(RateLimitDecision.mostRestrictive(List.of(roomy, tight))).isSameAs(tight);
        assertThat(RateLimitDecision.mostRestrictive(List.of(tight, tightLongerReset))).isSameAs(tightLongerReset);
        assertThat(RateLimitDecision.mostRestrictive(List.of(tightLongerReset, tight))).isSameAs(tightLongerReset);
        assertThat(RateLimitDecision.mostRestrictive(List.of(roomy, shortWait, tight))).isSameAs(shortWait);
        assertThat(RateLimitDecision.mostRestrictive(List.of(longWait, roomy, shortWait))).isSameAs(longWait);
        assertThat(RateLimitDecision.mostRestrictive(List.of(shortWait, longWait))).isSameAs(longWait);
        assertThat(RateLimitDecision.mostRestrictive(List.of(roomy))).isSameAs(roomy);
        assertThatThrownBy(() -> RateLimitDecision.mostRestrictive(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitDecision.mostRestrictive(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void integerMathHelpers() {
        assertThat(IntegerMath.ceilDiv(0, 7)).isZero();
        assertThat(IntegerMath.ceilDiv(7, 7)).isEqualTo(1);
        assertThat(IntegerMath.ceilDiv(8, 7)).isEqualTo(2);
        assertThat(IntegerMath.gcd(600, 60_000_000)).isEqualTo(600);
        assertThat(IntegerMath.saturatingMultiply(1L << 40, 1L << 30)).isEqualTo(Long.MAX_VALUE);
        assertThat(IntegerMath.saturatingMultiply(1L << 31, 1L << 31)).isEqualTo(1L << 62);
        assertThat(IntegerMath.saturatingAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(ReducedRate.of(600, 60_000_000)).isEqualTo(new ReducedRate(1, 100_000));
    }
}
