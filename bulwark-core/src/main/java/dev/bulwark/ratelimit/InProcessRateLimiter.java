package dev.bulwark.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RateLimiter} keeping each key's state in a bounded Caffeine cache.
 *
 * <p><b>Concurrency.</b> Every decision runs inside {@code asMap().compute(key, …)}, which is
 * atomic per key: two requests for one key are decided one after the other, each seeing the
 * state the other left, so concurrency can never admit more than the algorithm would
 * sequentially. The clock is read inside the compute, so the times one key sees are in the order
 * its decisions run. Different keys proceed in parallel.
 *
 * <p><b>Memory.</b> At most {@code maxKeys} keys are kept (least-used evicted first); a key idle
 * for as long as its state takes to become neutral again (plus a second of slack) is dropped,
 * since forgetting it then changes no decision. The cache's ticker is the {@link MicrosClock} the
 * decisions use, held to its high-water mark so that it never runs backwards; "idle" is measured
 * on the clock the algorithms reason about. Eviction of a
 * busy key under memory pressure does forget its state; that is the bounded-memory trade.
 */
final class InProcessRateLimiter<S> implements RateLimiter {

    private static final long SLACK_MICROS = 1_000_000L;

    private final String policyName;
    private final RateLimit limit;
    private final LimitAlgorithm<S> algorithm;
    private final MicrosClock clock;
    private final Cache<String, S> states;
    private final AtomicLong highWater = new AtomicLong();

    InProcessRateLimiter(String policyName, RateLimit limit, LimitAlgorithm<S> algorithm, MicrosClock clock,
            int maxKeys) {
        this.policyName = policyName;
        this.limit = limit;
        this.algorithm = algorithm;
        this.clock = clock;
        long idle = IntegerMath.saturatingAdd(algorithm.idleMicrosUntilNeutral(), SLACK_MICROS);
        this.states = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(idle, TimeUnit.MICROSECONDS)
                .ticker(() -> IntegerMath.saturatingMultiply(highWaterMicros(), 1_000L))
                .build();
    }

    /**
     * The latest time this limiter's clock has shown. Caffeine's ticker must never go backwards:
     * were it the raw wall clock, an access during a clock step back would record an early access
     * time, the next read after the clock recovered would look long idle, and the key's state
     * would be forgotten, handing out a fresh bucket; that admits more.
     */
    private long highWaterMicros() {
        long now = Math.max(0, clock.nowMicros());
        long seen = highWater.get();
        while (now > seen) {
            if (highWater.compareAndSet(seen, now)) {
                return now;
            }
            seen = highWater.get();
        }
        return seen;
    }

    @Override
    public RateLimitDecision acquire(String key, long cost) {
        Objects.requireNonNull(key, "key");
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
        RateLimitDecision[] decision = new RateLimitDecision[1];
        states.asMap().compute(key, (k, state) -> {
            LimitAlgorithm.Outcome<S> outcome = algorithm.decide(state, clock.nowMicros(), cost);
            decision[0] = outcome.decision();
            return outcome.state();
        });
        return decision[0];
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    /** Keys currently held, after pending evictions have run. For tests and metrics. */
    long keyCount() {
        states.cleanUp();
        return states.estimatedSize();
    }

    @Override
    public String toString() {
        return "InProcessRateLimiter[" + policyName + ", " + limit + "]";
    }
}
