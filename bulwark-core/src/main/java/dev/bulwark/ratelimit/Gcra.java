package dev.bulwark.ratelimit;

/**
 * GCRA, the generic cell rate algorithm (virtual scheduling form): the state is one instant, the
 * theoretical arrival time {@code TAT}, the time at which the key's backlog of admitted work will
 * have drained. With emission interval {@code T = period / limit}, a request of cost {@code c} at
 * time {@code t} would move the backlog to {@code max(TAT - t, 0) + c × T}; it is admitted when
 * that is at most {@code burst × T}, and then {@code TAT = t + backlog}.
 *
 * <p><b>Why.</b> It makes exactly the decisions of a {@link TokenBucket} with the same limit and
 * burst (tokens = {@code burst - backlog / T}; a differential test holds them to it), but the state
 * is a single timestamp that needs no refill step, which makes the Redis script one read, one
 * compare and one write with a TTL of the backlog.
 *
 * <p><b>Representation.</b> {@code T} is rarely a whole number of microseconds, so with the rate
 * in lowest terms {@code l/p} ({@link ReducedRate}) time is counted in units of {@code 1/l} µs:
 * {@code T = p} units and the capacity is {@code burst × p} units (at most 2<sup>53</sup>, checked
 * by {@link RateLimit}). {@code TAT} is kept as whole microseconds plus a fraction {@code 0 <=
 * fraction < l}, so it never needs to be multiplied by {@code l} and stays an epoch-sized number.
 *
 * <p><b>Invariants.</b> After an admission {@code 0 < TAT - t <= burst × T}; a rejection leaves
 * {@code TAT} unchanged; backlog is never negative.
 *
 * <p><b>Time going backwards.</b> Nothing to clamp: an earlier {@code t} only makes {@code TAT - t}
 * larger, so a clock step back makes the limiter stricter, never looser, and the reported
 * retry-after honestly includes the step. Arithmetic saturates instead of overflowing should the
 * step be absurd.
 */
final class Gcra implements LimitAlgorithm<Gcra.State> {

    /** {@code TAT = tatMicros + fraction / l} µs, with {@code 0 <= fraction < l}. */
    record State(long tatMicros, long fraction) {
    }

    private final RateLimit limit;
    private final long unitsPerInterval;
    private final long unitsPerMicro;
    private final long capacity;

    Gcra(RateLimit limit) {
        this.limit = limit;
        ReducedRate rate = ReducedRate.of(limit.limit(), limit.periodMicros());
        this.unitsPerInterval = rate.unitsPerToken(); // one emission interval T
        this.unitsPerMicro = rate.unitsPerMicro();
        this.capacity = limit.burst() * unitsPerInterval;
    }

    @Override
    public Outcome<State> decide(State state, long nowMicros, long cost) {
        long backlog = backlog(state, nowMicros);
        long reset = IntegerMath.ceilDiv(backlog, unitsPerMicro);
        if (cost > limit.burst()) {
            return new Outcome<>(rejected(backlog, reset, limit.periodMicros()), state);
        }
        long needed = cost * unitsPerInterval;
        if (backlog > capacity - needed) {
            long retryAfter = IntegerMath.ceilDiv(backlog - (capacity - needed), unitsPerMicro);
            return new Outcome<>(rejected(backlog, reset, retryAfter), state);
        }
        long after = backlog + needed;
        State next = new State(nowMicros + after / unitsPerMicro, after % unitsPerMicro);
        RateLimitDecision decision = new RateLimitDecision(true, limit.limit(), (capacity - after) / unitsPerInterval,
                IntegerMath.ceilDiv(after, unitsPerMicro), 0);
        return new Outcome<>(decision, next);
    }

    private RateLimitDecision rejected(long backlog, long reset, long retryAfter) {
        long remaining = backlog >= capacity ? 0 : (capacity - backlog) / unitsPerInterval;
        return new RateLimitDecision(false, limit.limit(), remaining, reset, retryAfter);
    }

    /** {@code max(TAT - now, 0)} in units of {@code 1/l} µs, saturating. */
    private long backlog(State state, long nowMicros) {
        if (state == null || state.tatMicros() < nowMicros) {
            return 0;
        }
        long aheadMicros = state.tatMicros() - nowMicros;
        if (aheadMicros < 0) { // the subtraction overflowed: an absurd clock step back
            return Long.MAX_VALUE;
        }
        return IntegerMath.saturatingAdd(IntegerMath.saturatingMultiply(aheadMicros, unitsPerMicro), state.fraction());
    }

    @Override
    public long idleMicrosUntilNeutral() {
        return IntegerMath.ceilDiv(capacity, unitsPerMicro);
    }
}
