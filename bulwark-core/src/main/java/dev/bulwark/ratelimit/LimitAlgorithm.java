package dev.bulwark.ratelimit;

/**
 * One rate-limit algorithm as a decision function over a per-key state {@code S}. The caller
 * guarantees that decisions for one key are serialised (the in-process limiter runs them inside
 * the cache's atomic compute; Redis runs them inside one Lua script).
 */
interface LimitAlgorithm<S> {

    /**
     * Decides one request.
     *
     * @param state the key's state, or {@code null} for a key never seen (or forgotten, which the
     *     caller only does once the state would be neutral again)
     * @param nowMicros the current time; may be earlier than times already seen
     * @param cost at least 1
     */
    Outcome<S> decide(S state, long nowMicros, long cost);

    /**
     * How long a key must be left alone before its state is the same as no state at all (a full
     * bucket, an empty log, a finished window); the cache may forget it after that.
     */
    long idleMicrosUntilNeutral();

    /** A decision and the state to keep for the next one. */
    record Outcome<S>(RateLimitDecision decision, S state) {
    }
}
