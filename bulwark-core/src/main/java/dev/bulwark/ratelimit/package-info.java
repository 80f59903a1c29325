/**
 * Rate limiting: four algorithms over integer microseconds, a per-key in-process limiter, and the
 * values ({@link dev.bulwark.ratelimit.RateLimit}, {@link dev.bulwark.ratelimit.RateLimitDecision})
 * the HTTP layer turns into {@code RateLimit-*} headers.
 *
 * <pre>{@code
 * RateLimiterFactory factory = new InProcessRateLimiterFactory();
 * RateLimiter login = factory.create("login",
 *     RateLimit.of(Algorithm.SLIDING_WINDOW, 10, Duration.ofMinutes(1)));
 * RateLimitDecision d = login.acquire("203.0.113.7", 1);
 * if (!d.allowed()) respond429(d.retryAfterSeconds());
 * }</pre>
 *
 * <p>Each algorithm ({@code TokenBucket}, {@code SlidingWindow}, {@code FixedWindow}, {@code Gcra})
 * is a pure decision over a small state value and the current time, with integer arithmetic only,
 * so that the Redis Lua scripts can repeat the same arithmetic step by step and one differential
 * test suite can hold both to the same decisions.
 */
package dev.bulwark.ratelimit;
