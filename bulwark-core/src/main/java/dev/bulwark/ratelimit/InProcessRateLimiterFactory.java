package dev.bulwark.ratelimit;

import java.util.Objects;

/**
 * Makes {@link RateLimiter}s whose state lives in this process: the embedded mode, and the
 * fallback when Redis is unreachable. Each limiter holds at most {@code maxKeysPerLimiter} keys.
 */
public final class InProcessRateLimiterFactory implements RateLimiterFactory {

    private static final int DEFAULT_MAX_KEYS = 100_000;

    private final MicrosClock clock;
    private final int maxKeysPerLimiter;

    /** The system clock and 100 000 keys per limiter. */
    public InProcessRateLimiterFactory() {
        this(MicrosClock.system(), DEFAULT_MAX_KEYS);
    }

    public InProcessRateLimiterFactory(MicrosClock clock, int maxKeysPerLimiter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeysPerLimiter < 1) {
            throw new IllegalArgumentException("maxKeysPerLimiter must be at least 1, was " + maxKeysPerLimiter);
        }
        this.maxKeysPerLimiter = maxKeysPerLimiter;
    }

    @Override
    public RateLimiter create(String policyName, RateLimit limit) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(limit, "limit");
        LimitAlgorithm<?> algorithm = switch (limit.algorithm()) {
            case TOKEN_BUCKET -> new TokenBucket(limit);
            case SLIDING_WINDOW -> new SlidingWindow(limit);
            case FIXED_WINDOW -> new FixedWindow(limit);
            case GCRA -> new Gcra(limit);
        };
        return limiter(policyName, limit, algorithm);
    }

    private <S> RateLimiter limiter(String policyName, RateLimit limit, LimitAlgorithm<S> algorithm) {
        return new InProcessRateLimiter<>(policyName, limit, algorithm, clock, maxKeysPerLimiter);
    }
}
