package dev.bulwark.ratelimit;

/** Decides, per key, whether a request fits one {@link RateLimit}. Implementations are thread-safe. */
public interface RateLimiter {

    /**
     * Charges {@code cost} against {@code key} if it fits, and says so. A rejected request charges
     * nothing. A cost above the capacity is always rejected, with a retry-after of one period.
     *
     * @throws IllegalArgumentException if {@code cost < 1}
     */
    RateLimitDecision acquire(String key, long cost);

    /** The limit this limiter enforces. */
    RateLimit limit();
}
