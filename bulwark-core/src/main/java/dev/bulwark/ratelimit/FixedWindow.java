package dev.bulwark.ratelimit;

/**
 * Fixed window: time is cut into windows of one period aligned to the epoch ({@code [k × period,
 * (k+1) × period)}); each key counts the cost admitted in the current window and a request is
 * admitted while the count stays at most {@code limit}.
 *
 * <p><b>Why.</b> It is the cheapest algorithm there is: one counter per key, in Redis one {@code
 * INCRBY} with a TTL to the window's end. The price is the boundary: up to {@code 2 × limit} can
 * pass in one period that straddles two windows. Choose it for coarse quotas (per hour, per day)
 * where that does not matter; choose {@link SlidingWindow} where it does (login).
 *
 * <p><b>Invariants.</b> {@code 0 <= count <= limit}; {@code windowStart} is a multiple of the
 * period and never decreases; a rejected request does not count.
 *
 * <p><b>Time going backwards.</b> A new window opens only when the time reaches the end of the
 * current one; a time before the current window's start is treated as inside it. So a clock step
 * back never resets the count, and a step back across a window boundary cannot open a window a
 * second time. Reported durations are measured from {@code max(now, windowStart)}.
 *
 * <p><b>Values.</b> {@code remaining = limit - count}; {@code reset} = µs until the window ends;
 * on rejection {@code retryAfter = reset}, or one period when {@code cost > limit}.
 */
final class FixedWindow implements LimitAlgorithm<FixedWindow.State> {

    /** {@code count} admitted in the window starting at {@code windowStartMicros}. */
    record State(long windowStartMicros, long count) {
    }

    private final RateLimit limit;

    FixedWindow(RateLimit limit) {
        this.limit = limit;
    }

    @Override
    public Outcome<State> decide(State state, long nowMicros, long cost) {
        long period = limit.periodMicros();
        State window = state;
        if (window == null || nowMicros >= window.windowStartMicros() + period) {
            window = new State(nowMicros - Math.floorMod(nowMicros, period), 0);
        }
        long time = Math.max(nowMicros, window.windowStartMicros());
        long reset = window.windowStartMicros() + period - time;
        long count = window.count();
        boolean allowed = cost <= limit.limit() && count <= limit.limit() - cost;
        long retryAfter = 0;
        if (allowed) {
            count += cost;
            window = new State(window.windowStartMicros(), count);
        } else {
            retryAfter = cost > limit.limit() ? period : reset;
        }
        return new Outcome<>(new RateLimitDecision(allowed, limit.limit(), limit.limit() - count, reset, retryAfter),
                window);
    }

    @Override
    public long idleMicrosUntilNeutral() {
        return limit.periodMicros();
    }
}
