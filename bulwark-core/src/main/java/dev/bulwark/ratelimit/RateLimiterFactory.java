package dev.bulwark.ratelimit;

/** Makes one {@link RateLimiter} per policy; in-process or shared (Redis) behind the same interface. */
public interface RateLimiterFactory {

    /** A limiter for the policy named {@code policyName} (used in keys, logs and metrics). */
    RateLimiter create(String policyName, RateLimit limit);
}
