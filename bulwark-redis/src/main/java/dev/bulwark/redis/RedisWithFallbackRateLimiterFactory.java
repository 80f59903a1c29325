package dev.bulwark.redis;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RateLimiterFactory;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limiting on Redis that survives Redis: decisions are made by a {@link RedisRateLimiter}
 * behind a Resilience4j circuit breaker, and by an in-process limiter of the same policy whenever
 * Redis fails, is too slow, or the breaker is open. A caller never sees an exception from Redis
 * and never waits longer than about the command timeout.
 *
 * <pre>{@code
 * RateLimiterFactory limits = new RedisWithFallbackRateLimiterFactory(
 *     new RedisRateLimiterFactory(gateway), new InProcessRateLimiterFactory(),
 *     RedisWithFallbackRateLimiterFactory.defaultCircuitBreaker());
 * }</pre>
 *
 * <p><b>The breaker.</b> Count-based over the last 5 calls: open at 50 % failures (a timeout is a
 * failure), stay open 5 s deciding locally without touching Redis, then let 3 calls through
 * half-open; they close it again if they succeed. Recovery needs no restart. While open, limits are
 * per instance — with N instances a client can get up to N times the limit: the documented trade
 * for staying up (DESIGN.md, "counters may be lost").
 *
 * <p><b>Health.</b> {@link #health()} is {@code DEGRADED} with the reason while the breaker is not
 * closed. The breaker only moves on calls; with no traffic it stays as the last call left it.
 */
public final class RedisWithFallbackRateLimiterFactory implements RateLimiterFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWithFallbackRateLimiterFactory.class);
    /** Beyond the command timeout, the most a caller waits for a future that should have timed out. */
    private static final long GRACE_MILLIS = 50;

    private final RedisRateLimiterFactory redis;
    private final RateLimiterFactory fallback;
    private final CircuitBreaker breaker;
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");

    public RedisWithFallbackRateLimiterFactory(RedisRateLimiterFactory redis, RateLimiterFactory fallback,
            CircuitBreaker breaker) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Redis rate limiting: circuit {} ({})",
                e.getStateTransition(), lastFailure.get()));
    }

    /** The breaker described in the class comment, open for {@code 5 s}. */
    public static CircuitBreaker defaultCircuitBreaker() {
        return circuitBreaker(Duration.ofSeconds(5));
    }

    /** The default breaker with another open duration. */
    public static CircuitBreaker circuitBreaker(Duration open) {
        return CircuitBreaker.of("redis-rate-limits", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(open)
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(Throwable.class)
                .build());
    }

    @Override
    public RateLimiter create(String policyName, RateLimit limit) {
        return new FallbackLimiter(redis.create(policyName, limit), fallback.create(policyName, limit));
    }

    /** Whether decisions are (or may be) made locally right now. */
    public boolean degraded() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** {@code UP}, or {@code DEGRADED} with the breaker's state and the last failure. */
    public RedisHealth health() {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.CLOSED) {
            return RedisHealth.up();
        }
        String what = state == CircuitBreaker.State.HALF_OPEN ? "circuit half-open (probing)" : "circuit open";
        return new RedisHealth(RedisHealth.Status.DEGRADED, what + ": " + lastFailure.get());
    }

    /** Redis first, the local limiter when Redis cannot answer. Thread-safe. */
    private final class FallbackLimiter implements RateLimiter {
        private final RedisRateLimiter shared;
        private final RateLimiter local;
        private final long waitNanos;

        FallbackLimiter(RedisRateLimiter shared, RateLimiter local) {
            this.shared = shared;
            this.local = local;
            this.waitNanos = TimeUnit.MILLISECONDS.toNanos(redis().commandTimeoutMillis() + GRACE_MILLIS);
        }

        @Override
        public RateLimitDecision acquire(String key, long cost) {
            Objects.requireNonNull(key, "key");
            if (cost < 1) {
                throw new IllegalArgumentException("cost must be at least 1, was " + cost);
            }
            if (!breaker.tryAcquirePermission()) {
                return local.acquire(key, cost);
            }
            long start = System.nanoTime();
            try {
                RateLimitDecision decision = shared.acquireAsync(key, cost).get(waitNanos, TimeUnit.NANOSECONDS);
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return decision;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                breaker.releasePermission();
                return local.acquire(key, cost);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException || e instanceof CompletionException
                        ? (e.getCause() != null ? e.getCause() : e) : e;
                lastFailure.set(cause.getClass().getSimpleName() + " " + RedisEndpoint.redact(String.valueOf(
                        cause.getMessage())));
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
                return local.acquire(key, cost);
            }
        }

        @Override
        public RateLimit limit() {
            return shared.limit();
        }
    }

    private RedisRateLimiterFactory redis() {
        return redis;
    }
}
