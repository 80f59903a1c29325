package dev.bulwark.redis;

import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RateLimiterFactory;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes {@link RedisRateLimiter}s: the state of every key in Redis, shared by every instance, each
 * decision one Lua script call ({@code token_bucket.lua}, {@code sliding_window.lua}, {@code
 * fixed_window.lua}, {@code gcra.lua}) that repeats the in-process algorithm's integer arithmetic
 * step by step on the server's {@code TIME}, so instances with skewed clocks agree.
 *
 * <p>On its own a Redis limiter throws {@link RedisUnavailableException} when Redis fails; the
 * server wraps this factory in a {@link RedisWithFallbackRateLimiterFactory}.
 */
public final class RedisRateLimiterFactory implements RateLimiterFactory {

    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final RedisCommandsGateway redis;
    private final RateLimitScripts scripts;
    private final MicrosClock explicitClock;

    public RedisRateLimiterFactory(RedisCommandsGateway redis) {
        this(redis, null);
    }

    /**
     * For tests only: every script is handed {@code explicitClock}'s time instead of reading {@code
     * TIME}, so a test can replay a sequence of times against Redis and the in-process algorithm.
     */
    RedisRateLimiterFactory(RedisCommandsGateway redis, MicrosClock explicitClock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.scripts = RateLimitScripts.load();
        this.explicitClock = explicitClock;
    }

    /**
     * @throws IllegalArgumentException if the policy name could not be part of a key as it is
     *     ({@code [A-Za-z0-9_.-]}, at most 64): names come from configuration, and a brace in one
     *     would break the Cluster hash tag
     */
    @Override
    public RedisRateLimiter create(String policyName, RateLimit limit) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(limit, "limit");
        if (!POLICY_NAME.matcher(policyName).matches()) {
            throw new IllegalArgumentException("policy name \"" + policyName + "\" cannot be part of a Redis key; use "
                    + POLICY_NAME.pattern());
        }
        return new RedisRateLimiter(redis, scripts, policyName, limit, explicitClock);
    }

    /** The command timeout every decision is bounded by, in ms. */
    long commandTimeoutMillis() {
        return redis.commandTimeout().toMillis();
    }
}
