package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link RateLimiter#acquire}.
 *
 * @param allowed whether the request was admitted (and its cost charged)
 * @param limit the policy's limit per period, for {@code RateLimit-Limit}
 * @param remaining requests of cost 1 that would be admitted right now, after this one
 * @param resetMicros µs until the limit is fully available again (bucket full, window log empty,
 *     fixed window over)
 * @param retryAfterMicros 0 when allowed; otherwise µs until a request of the same cost could be
 *     admitted (the period when it never could, because it exceeds the capacity)
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetMicros, long retryAfterMicros) {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    public RateLimitDecision {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (remaining < 0 || resetMicros < 0 || retryAfterMicros < 0) {
            throw new IllegalArgumentException("remaining, resetMicros and retryAfterMicros must be >= 0: " + remaining
                    + ", " + resetMicros + ", " + retryAfterMicros);
        }
        if (allowed && retryAfterMicros != 0) {
            throw new IllegalArgumentException("an admitted request has no retry-after, was " + retryAfterMicros);
        }
    }

    /** {@link #resetMicros} in whole seconds, rounded up, for {@code RateLimit-Reset}. */
    public long resetSeconds() {
        return IntegerMath.ceilDiv(resetMicros, MICROS_PER_SECOND);
    }

    /** {@link #retryAfterMicros} in whole seconds, rounded up; at least 1 when rejected, for {@code Retry-After}. */
    public long retryAfterSeconds() {
        if (allowed) {
            return 0;
        }
        return Math.max(1, IntegerMath.ceilDiv(retryAfterMicros, MICROS_PER_SECOND));
    }

    /**
     * The decision to report when several policies looked at one request: any rejection beats every
     * admission; among rejections the longest retry-after wins; among admissions the lowest
     * remaining, and on a tie the longest reset.
     *
     * @throws IllegalArgumentException if {@code decisions} is empty
     */
    public static RateLimitDecision mostRestrictive(List<RateLimitDecision> decisions) {
        Objects.requireNonNull(decisions, "decisions");
        if (decisions.isEmpty()) {
            throw new IllegalArgumentException("no decisions to choose from");
        }
        RateLimitDecision best = null;
        for (RateLimitDecision d : decisions) {
            Objects.requireNonNull(d, "decision");
            if (best == null || moreRestrictive(d, best)) {
                best = d;
            }
        }
        return best;
    }

    private static boolean moreRestrictive(RateLimitDecision a, RateLimitDecision b) {
        if (a.allowed != b.allowed) {
            return !a.allowed;
        }
        if (!a.allowed) {
            return a.retryAfterMicros > b.retryAfterMicros;
        }
        if (a.remaining != b.remaining) {
            return a.remaining < b.remaining;
        }
        return a.resetMicros > b.resetMicros;
    }
}
