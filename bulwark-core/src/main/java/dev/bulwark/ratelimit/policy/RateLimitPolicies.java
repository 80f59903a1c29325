package dev.bulwark.ratelimit.policy;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered set of uniquely named {@link RateLimitPolicy policies}. Every policy that
 * matches a request applies to it; a policy file replaces the {@linkplain #defaults() defaults}.
 */
public final class RateLimitPolicies {

    private final List<RateLimitPolicy> policies;

    private RateLimitPolicies(List<RateLimitPolicy> policies) {
        this.policies = policies;
    }

    /**
     * These policies, in this order.
     *
     * @throws InvalidPolicyException if two share a name
     */
    public static RateLimitPolicies of(List<RateLimitPolicy> policies) {
        List<RateLimitPolicy> copy = List.copyOf(policies);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            String name = copy.get(i).name();
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw new InvalidPolicyException("policies[" + i + "] (\"" + name + "\"), field \"name\": \"" + name
                        + "\" is already used by policies[" + first + "]; give every policy a unique name");
            }
        }
        return new RateLimitPolicies(copy);
    }

    /**
     * The built-in policies: brute-force limits per address on login, registration and refresh,
     * and per user and per tenant on the API.
     */
    public static RateLimitPolicies defaults() {
        return of(List.of(
                new RateLimitPolicy("login", RequestMatcher.of("POST", "/auth/login"), KeyKind.IP,
                        RateLimit.of(Algorithm.SLIDING_WINDOW, 10, Duration.ofMinutes(1))),
                new RateLimitPolicy("register", RequestMatcher.of("POST", "/auth/register"), KeyKind.IP,
                        RateLimit.of(Algorithm.SLIDING_WINDOW, 10, Duration.ofHours(1))),
                new RateLimitPolicy("refresh", RequestMatcher.of("POST", "/auth/refresh"), KeyKind.IP,
                        RateLimit.of(Algorithm.TOKEN_BUCKET, 30, Duration.ofMinutes(1)).withBurst(10)),
                new RateLimitPolicy("api-user", RequestMatcher.anyMethod("/api/**"), KeyKind.USER,
                        RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100)),
                new RateLimitPolicy("api-tenant", RequestMatcher.anyMethod("/api/**"), KeyKind.TENANT,
                        RateLimit.of(Algorithm.TOKEN_BUCKET, 3000, Duration.ofMinutes(1)).withBurst(500))));
    }

    /**
     * Reads the parsed YAML tree of a policy file (CONTRACT.md, "Rate-limit policy file"): maps,
     * lists, strings and integers, as Jackson or SnakeYAML produce them. Everything is checked;
     * unknown fields are errors, not ignored, since a misspelt field would silently weaken a limit.
     *
     * @throws InvalidPolicyException naming the policy, the field and the fix
     */
    public static RateLimitPolicies fromMap(Map<String, Object> document) {
        return of(PolicyDocument.read(document));
    }

    /** All policies, in file order. */
    public List<RateLimitPolicy> all() {
        return policies;
    }

    /** The policies that apply to this request, in file order. */
    public List<RateLimitPolicy> matching(String method, String path) {
        List<RateLimitPolicy> matching = new ArrayList<>();
        for (RateLimitPolicy policy : policies) {
            if (policy.matches(method, path)) {
                matching.add(policy);
            }
        }
        return List.copyOf(matching);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitPolicies other && policies.equals(other.policies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policies);
    }

    @Override
    public String toString() {
        return "RateLimitPolicies" + policies;
    }
}
