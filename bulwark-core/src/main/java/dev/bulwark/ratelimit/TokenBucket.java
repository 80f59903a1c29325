package dev.bulwark.ratelimit;

/**
 * Token bucket: a bucket holds up to {@code burst} tokens and refills continuously at {@code limit}
 * tokens per period; a request of cost {@code c} is admitted when the bucket holds at least
 * {@code c} tokens, and then takes them.
 *
 * <p><b>Why.</b> It is the algorithm API clients understand ("600 a minute, bursts of 100"), it
 * allows a short burst after a quiet spell, which real clients need, and it never admits more
 * than {@code burst + limit × t / period} in any interval of length {@code t}.
 *
 * <p><b>Representation.</b> Tokens are counted in token-units (see {@link ReducedRate}): with the
 * rate {@code limit/period} in lowest terms {@code l/p}, one token is {@code p} units and every
 * microsecond adds {@code l} units. Refill after {@code e} µs is then the exact integer
 * {@code e × l}, so no rounding error accumulates however often the bucket is read. The state is
 * {@code (units, lastMicros)}; a new key starts full.
 *
 * <p><b>Invariants.</b> {@code 0 <= units <= burst × p} (the capacity, validated by {@link
 * RateLimit} to be at most 2<sup>53</sup> so a Lua double holds it exactly); {@code lastMicros}
 * never decreases; a rejected request leaves the tokens as they were after refill.
 *
 * <p><b>Time going backwards.</b> The bucket's time is {@code max(now, lastMicros)}: when the
 * clock steps back, elapsed time is zero, nothing is refilled, and refill resumes only once the
 * clock passes {@code lastMicros} again. Rebasing to the earlier time instead would let a clock
 * that flaps between two skewed sources refill the skew on every flap. All durations reported
 * (remaining, reset, retry-after) are measured from the bucket's time.
 *
 * <p><b>Values.</b> {@code remaining = floor(tokens)}; {@code reset} = µs until full; on rejection
 * {@code retryAfter} = µs until {@code cost} tokens are there, or one period when {@code cost >
 * burst} (it never will be).
 */
final class TokenBucket implements LimitAlgorithm<TokenBucket.State> {

    /** {@code units} of a token held at time {@code lastMicros}. */
    record State(long units, long lastMicros) {
    }

    private final RateLimit limit;
    private final long unitsPerToken;
    private final long unitsPerMicro;
    private final long capacity;

    TokenBucket(RateLimit limit) {
        this.limit = limit;
        ReducedRate rate = ReducedRate.of(limit.limit(), limit.periodMicros());
        this.unitsPerToken = rate.unitsPerToken();
        this.unitsPerMicro = rate.unitsPerMicro();
        this.capacity = limit.burst() * unitsPerToken;
    }

    @Override
    public Outcome<State> decide(State state, long nowMicros, long cost) {
        long time;
        long units;
        if (state == null) {
            time = nowMicros;
            units = capacity;
        } else {
            time = Math.max(nowMicros, state.lastMicros());
            units = refill(state.units(), time - state.lastMicros());
        }
        boolean allowed;
        long retryAfter;
        if (cost > limit.burst()) {
            allowed = false;
            retryAfter = limit.periodMicros();
        } else {
            long needed = cost * unitsPerToken;
            allowed = units >= needed;
            if (allowed) {
                units -= needed;
                retryAfter = 0;
            } else {
                retryAfter = IntegerMath.ceilDiv(needed - units, unitsPerMicro);
            }
        }
        RateLimitDecision decision = new RateLimitDecision(allowed, limit.limit(), units / unitsPerToken,
                IntegerMath.ceilDiv(capacity - units, unitsPerMicro), retryAfter);
        return new Outcome<>(decision, new State(units, time));
    }

    private long refill(long units, long elapsedMicros) {
        long missing = capacity - units;
        // Compare before multiplying: elapsed may be arbitrarily long, the product must not overflow.
        if (elapsedMicros >= IntegerMath.ceilDiv(missing, unitsPerMicro)) {
            return capacity;
        }
        return units + elapsedMicros * unitsPerMicro;
    }

    @Override
    public long idleMicrosUntilNeutral() {
        return IntegerMath.ceilDiv(capacity, unitsPerMicro);
    }
}
