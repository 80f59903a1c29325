package dev.bulwark.redis;

import dev.bulwark.guard.FailureCounters;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brute-force guard's failure counters in Redis, so every instance sees every failure: one hash per counter
 * ({@code bw:{bf:<key>}}, the key already hashed by the guard), read and written by {@code failure_count.lua} in
 * one round trip, with a TTL of the counter's window.
 *
 * <p>When Redis does not answer within the command timeout, the {@code fallback} (in-process) counters are used
 * for that call: the guard keeps working per instance, never hangs and never throws — counters may be lost
 * (DESIGN.md, "State"). Failures recorded locally during an outage are not replayed to Redis.
 */
public final class RedisFailureCounters implements FailureCounters {

    private static final LuaScript SCRIPT = LuaScript.load("failure_count");
    private static final Logger LOG = LoggerFactory.getLogger(RedisFailureCounters.class);

    private final RedisCommandsGateway redis;
    private final FailureCounters fallback;
    private final long waitMillis;

    public RedisFailureCounters(RedisCommandsGateway redis, FailureCounters fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.waitMillis = redis.commandTimeout().toMillis() + 50;
    }

    @Override
    public Failures get(String key) {
        try {
            return toFailures(SCRIPT.<List<Long>>execute(redis, ScriptOutputType.MULTI, keys(key), "get")
                    .get(waitMillis, TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return failed(e, () -> fallback.get(key));
        }
    }

    @Override
    public long recordFailure(String key, Instant now, Duration window) {
        try {
            return toFailures(SCRIPT.<List<Long>>execute(redis, ScriptOutputType.MULTI, keys(key), "add",
                    Long.toString(now.toEpochMilli()), Long.toString(Math.max(1, window.toMillis())))
                    .get(waitMillis, TimeUnit.MILLISECONDS)).count();
        } catch (Exception e) {
            return failed(e, () -> fallback.recordFailure(key, now, window));
        }
    }

    @Override
    public void reset(String key) {
        fallback.reset(key);
        try {
            redis.del(keys(key)[0]).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            failed(e, () -> null);
        }
    }

    private static String[] keys(String key) {
        return new String[] {"bw:{bf:" + key + "}"};
    }

    private static Failures toFailures(List<Long> reply) {
        long count = reply.get(0);
        return count == 0 ? Failures.NONE : new Failures(count, Instant.ofEpochMilli(reply.get(1)));
    }

    private static <T> T failed(Exception e, java.util.function.Supplier<T> local) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("brute-force counters: Redis did not answer ({}); deciding locally", e.toString());
        return local.get();
    }
}
