/**
 * Rate-limit policies: which requests a limit applies to ({@link
 * dev.bulwark.ratelimit.policy.RequestMatcher}), what it counts by ({@link
 * dev.bulwark.ratelimit.policy.KeyKind}) and the limit itself, read from the policy file of
 * CONTRACT.md or taken from the built-in defaults.
 *
 * <pre>{@code
 * RateLimitPolicies policies = RateLimitPolicies.fromMap(yamlTree); // or .defaults()
 * for (RateLimitPolicy p : policies.matching("POST", "/auth/login")) { ... }
 * }</pre>
 */
package dev.bulwark.ratelimit.policy;
