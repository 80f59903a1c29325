package dev.bulwark.http;

import dev.bulwark.core.Sha256;
import dev.bulwark.ratelimit.policy.KeyKind;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.policy.RateLimitPolicies;
import dev.bulwark.ratelimit.policy.RateLimitPolicy;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RateLimiterFactory;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies every rate-limit policy that matches the request (CONTRACT.md: every match applies, any one may
 * reject) and reports the most restrictive decision in the {@code RateLimit-*} headers.
 *
 * <p>Runs after authentication so per-user and per-tenant keys are the verified ones. An anonymous request
 * under a per-user or per-tenant policy is keyed by its address instead, so it is still limited. Subjects that
 * carry request text (the path) are hashed, so a client can neither choose a key nor make one grow without bound.
 */
final class RateLimitEnforcer implements Handler {

    private record Bound(RateLimitPolicy policy, RateLimiter limiter) {
    }

    private final RateLimitPolicies policies;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private final EnforcementMode mode;
    private final SecurityEvents events;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder wouldReject = new LongAdder();

    RateLimitEnforcer(RateLimitPolicies policies, RateLimiterFactory factory, EnforcementMode mode,
                      SecurityEvents events) {
        this.policies = policies;
        this.mode = mode;
        this.events = events;
        for (RateLimitPolicy policy : policies.all()) {
            limiters.put(policy.name(), factory.create(policy.name(), policy.limit()));
        }
    }

    @Override
    public void handle(Context ctx) {
        if (mode == EnforcementMode.OFF) {
            return;
        }
        String path = RequestAttributes.normalisedPath(ctx);
        List<RateLimitPolicy> matching = policies.matching(ctx.method().name(), path);
        if (matching.isEmpty()) {
            return;
        }
        List<Bound> bound = new ArrayList<>(matching.size());
        List<RateLimitDecision> decisions = new ArrayList<>(matching.size());
        for (RateLimitPolicy policy : matching) {
            RateLimiter limiter = limiters.get(policy.name());
            decisions.add(limiter.acquire(subject(policy.key(), ctx, path), 1));
            bound.add(new Bound(policy, limiter));
        }
        RateLimitDecision reported = RateLimitDecision.mostRestrictive(decisions);
        RateLimitPolicy reportedPolicy = bound.get(decisions.indexOf(reported)).policy();
        ctx.header("RateLimit-Limit", Long.toString(reported.limit()));
        ctx.header("RateLimit-Remaining", Long.toString(reported.remaining()));
        ctx.header("RateLimit-Reset", Long.toString(reported.resetSeconds()));
        ctx.header("RateLimit-Policy", reportedPolicy.headerValue());
        if (reported.allowed()) {
            return;
        }
        if (mode == EnforcementMode.SHADOW) {
            wouldReject.increment();
            events.record("rate_limited_shadow", ctx, Map.of("policy", reportedPolicy.name()));
            return;
        }
        rejected.increment();
        events.record("rate_limited", ctx, Map.of("policy", reportedPolicy.name()));
        throw new ProblemException(429, "Too Many Requests",
                "rate limit '" + reportedPolicy.name() + "' exceeded; retry after "
                        + reported.retryAfterSeconds() + " s",
                List.of(), Map.of("Retry-After", Long.toString(reported.retryAfterSeconds())));
    }

    static String subject(KeyKind kind, Context ctx, String path) {
        String ip = RequestAttributes.clientKey(ctx);
        Principal principal = RequestAttributes.principalOrNull(ctx);
        return switch (kind) {
            case IP -> "ip:" + ip;
            case USER -> principal != null ? "user:" + principal.userId() : "ip:" + ip;
            case TENANT -> principal != null ? "tenant:" + principal.tenantId() : "ip:" + ip;
            case API_KEY -> principal != null && principal.apiKeyId() != null ? "key:" + principal.apiKeyId()
                    : principal != null ? "user:" + principal.userId() : "ip:" + ip;
            case IP_PATH -> "ip+path:" + hash(ip + " " + path);
            case USER_PATH -> principal != null ? "user+path:" + hash(principal.userId() + " " + path)
                    : "ip+path:" + hash(ip + " " + path);
        };
    }

    private static String hash(String value) {
        return Sha256.hexPrefix(value, 16);
    }

    long rejectedCount() {
        return rejected.sum();
    }

    long wouldRejectCount() {
        return wouldReject.sum();
    }
}
