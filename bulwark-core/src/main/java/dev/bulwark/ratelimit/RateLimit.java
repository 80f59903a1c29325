package dev.bulwark.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a limiter enforces: {@code limit} per {@code periodMicros}, and for {@link
 * Algorithm#TOKEN_BUCKET} and {@link Algorithm#GCRA} a capacity {@code burst}. For the window
 * algorithms {@code burst} is always equal to {@code limit}.
 */
public record RateLimit(Algorithm algorithm, long limit, long periodMicros, long burst) {

    static final long MIN_PERIOD_MICROS = 1_000;

    public RateLimit {
        Objects.requireNonNull(algorithm, "algorithm");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (periodMicros < MIN_PERIOD_MICROS) {
            throw new IllegalArgumentException("period must be at least 1ms, was " + periodMicros + "µs");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (!algorithm.hasBurst() && burst != limit) {
            throw new IllegalArgumentException(algorithm.yamlName() + " has no burst: burst must equal limit ("
                    + limit + "), was " + burst);
        }
        if (algorithm.hasBurst()) {
            // The capacity in token-units must stay exact in a Lua double (see ReducedRate).
            long unitsPerToken = ReducedRate.of(limit, periodMicros).unitsPerToken();
            if (burst > IntegerMath.MAX_EXACT / unitsPerToken) {
                throw new IllegalArgumentException("burst " + burst + " is too large for " + limit + " per "
                        + periodMicros + "µs; use a smaller burst or a limit that divides the period more evenly");
            }
        }
    }

    /** {@code limit} per {@code period}, with {@code burst == limit}. */
    public static RateLimit of(Algorithm algorithm, long limit, Duration period) {
        Objects.requireNonNull(period, "period");
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(period.getSeconds(), 1_000_000L), period.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("period " + period + " is too long", e);
        }
        return new RateLimit(algorithm, limit, micros, limit);
    }

    /** This limit with another capacity; only {@link Algorithm#hasBurst() burst algorithms} accept one other than limit. */
    public RateLimit withBurst(long burst) {
        return new RateLimit(algorithm, limit, periodMicros, burst);
    }
}
