package dev.bulwark.redis;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RateLimiter} whose state is in Redis: one Lua script call per decision.
 *
 * <p><b>Keys.</b> {@code bw:{<policy>:<subject hash>}:<algorithm>:<limit>:<period µs>:<burst>[:<part>]}.
 * The braces are the Cluster hash tag, so the keys of one decision share a slot; the subject (an
 * address, a user id, an API key: input from outside) is hashed (SHA-256, first 128 bits in hex),
 * so no key can be chosen or grow without bound; the limit's parameters are part of the name, so
 * changing a policy starts fresh state instead of misreading the old (token-units depend on the
 * rate).
 *
 * <p><b>TTL.</b> Every key is written with a TTL of the time its state takes to become neutral
 * (a full bucket, an empty log, a finished window) plus a second, refreshed on every write: expiry
 * never changes a decision, and idle keys cost no memory.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final long TTL_MARGIN_MILLIS = 1_000;
    private static final HexFormat HEX = HexFormat.of();

    private final RedisCommandsGateway redis;
    private final LuaScript script;
    private final String policyName;
    private final RateLimit limit;
    private final MicrosClock explicitClock;
    private final String keySuffix;
    private final String[] params; // ARGV[4..]
    private final String ttlMillis;

    RedisRateLimiter(RedisCommandsGateway redis, RateLimitScripts scripts, String policyName, RateLimit limit,
            MicrosClock explicitClock) {
        this.redis = redis;
        this.script = scripts.of(limit.algorithm());
        this.policyName = policyName;
        this.limit = limit;
        this.explicitClock = explicitClock;
        long g = gcd(limit.limit(), limit.periodMicros());
        long perToken = limit.periodMicros() / g; // one token (or emission interval) in units of 1/l µs
        long perMicro = limit.limit() / g;
        long neutralMicros = switch (limit.algorithm()) {
            case TOKEN_BUCKET, GCRA -> ceilDiv(limit.burst() * perToken, perMicro);
            case SLIDING_WINDOW, FIXED_WINDOW -> limit.periodMicros();
        };
        this.ttlMillis = Long.toString(ceilDiv(neutralMicros, 1_000) + TTL_MARGIN_MILLIS);
        this.keySuffix = "}:" + shortName(limit.algorithm()) + ":" + limit.limit() + ":" + limit.periodMicros() + ":"
                + limit.burst();
        this.params = switch (limit.algorithm()) {
            case TOKEN_BUCKET, GCRA -> new String[] {Long.toString(limit.burst()), Long.toString(limit.periodMicros()),
                Long.toString(perToken), Long.toString(perMicro)};
            case SLIDING_WINDOW, FIXED_WINDOW -> new String[] {Long.toString(limit.limit()),
                Long.toString(limit.periodMicros())};
        };
    }

    /**
     * Blocks for at most the command timeout.
     *
     * @throws RedisUnavailableException if Redis fails or does not answer in time
     */
    @Override
    public RateLimitDecision acquire(String key, long cost) {
        try {
            return acquireAsync(key, cost).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RedisUnavailableException("rate limit " + policyName + " on " + redis.endpoint().redacted()
                    + ": " + cause, cause);
        }
    }

    /** The decision, completing within the command timeout (exceptionally on failure or timeout). */
    public CompletableFuture<RateLimitDecision> acquireAsync(String key, long cost) {
        Objects.requireNonNull(key, "key");
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
        String[] keys = keys(key);
        String[] args = new String[3 + params.length];
        args[0] = explicitClock == null ? "" : Long.toString(explicitClock.nowMicros());
        args[1] = ttlMillis;
        args[2] = Long.toString(cost);
        System.arraycopy(params, 0, args, 3, params.length);
        return script.<List<Object>>execute(redis, ScriptOutputType.MULTI, keys, args)
                .thenApply(this::decision)
                .orTimeout(redis.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The Redis keys one decision for {@code subject} reads and writes. */
    public String[] keys(String subject) {
        String base = "bw:{" + policyName + ":" + subjectHash(subject) + keySuffix;
        return limit.algorithm() == Algorithm.SLIDING_WINDOW ? new String[] {base + ":log", base + ":meta"}
                : new String[] {base};
    }

    private RateLimitDecision decision(List<Object> reply) {
        if (reply == null || reply.size() != 4) {
            throw new IllegalStateException(script.name() + " returned " + reply);
        }
        return new RateLimitDecision(number(reply.get(0)) == 1, limit.limit(), number(reply.get(1)),
                number(reply.get(2)), number(reply.get(3)));
    }

    private static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("rate-limit script returned " + o + " where an integer belongs");
    }

    @Override
    public RateLimit limit() {
        return limit;
    }

    static String subjectHash(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String shortName(Algorithm algorithm) {
        return switch (algorithm) {
            case TOKEN_BUCKET -> "tb";
            case SLIDING_WINDOW -> "sw";
            case FIXED_WINDOW -> "fw";
            case GCRA -> "gcra";
        };
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        long q = a / b;
        return a % b == 0 ? q : q + 1;
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[" + policyName + ", " + limit + "]";
    }
}
