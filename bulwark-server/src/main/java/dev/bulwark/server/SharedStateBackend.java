package dev.bulwark.server;

import dev.bulwark.guard.AutoBlockBus;
import dev.bulwark.guard.FailureCounters;
import dev.bulwark.guard.InProcessFailureCounters;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.redis.RedisAutoBlockBus;
import dev.bulwark.redis.RedisFailureCounters;
import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.ratelimit.RateLimiterFactory;
import dev.bulwark.redis.RedisChangeBus;
import dev.bulwark.redis.RedisCommandsGateway;
import dev.bulwark.redis.RedisHealth;
import dev.bulwark.redis.RedisRateLimiterFactory;
import dev.bulwark.redis.RedisWithFallbackRateLimiterFactory;
import dev.bulwark.server.health.ComponentHealth;
import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the state that must be shared between instances lives, chosen once from {@code BULWARK_REDIS_URL}:
 * with Redis, rate limits are decided by one Lua script per request (falling back to local decisions behind
 * a circuit breaker) and state changes are announced on pub/sub; without it, everything is in-process and changes
 * travel by polling the database's change log only.
 */
final class SharedStateBackend implements AutoCloseable {

    /** Keys tracked per policy by the in-process limiters (alone, or as the fallback). */
    static final int LOCAL_KEYS_PER_POLICY = 100_000;

    private final Optional<RedisCommandsGateway> redis;
    private final RateLimiterFactory limiters;
    private final RedisWithFallbackRateLimiterFactory redisLimiters;
    private final ChangeBus bus;
    private final RedisChangeBus redisBus;

    private final MicrosClock limiterClock;

    private SharedStateBackend(Optional<RedisCommandsGateway> redis, RateLimiterFactory limiters,
                               RedisWithFallbackRateLimiterFactory redisLimiters, ChangeBus bus,
                               RedisChangeBus redisBus, MicrosClock limiterClock) {
        this.limiterClock = limiterClock;
        this.redis = redis;
        this.limiters = limiters;
        this.redisLimiters = redisLimiters;
        this.bus = bus;
        this.redisBus = redisBus;
    }

    static SharedStateBackend inProcess(MicrosClock clock) {
        return new SharedStateBackend(Optional.empty(), new InProcessRateLimiterFactory(clock, LOCAL_KEYS_PER_POLICY),
                null, ChangeBus.none(), null, clock);
    }

    static SharedStateBackend redis(String url, Duration commandTimeout, Duration longestSession,
                                    MicrosClock fallbackClock, Clock clock) {
        RedisCommandsGateway gateway = RedisCommandsGateway.connect(url, commandTimeout);
        try {
            RedisWithFallbackRateLimiterFactory limiters = new RedisWithFallbackRateLimiterFactory(
                    new RedisRateLimiterFactory(gateway),
                    new InProcessRateLimiterFactory(fallbackClock, LOCAL_KEYS_PER_POLICY),
                    RedisWithFallbackRateLimiterFactory.defaultCircuitBreaker());
            RedisChangeBus bus = RedisChangeBus.create(gateway,
                    RedisChangeBus.Settings.defaults().withMaxRefreshLifetime(longestSession), clock);
            return new SharedStateBackend(Optional.of(gateway), limiters, limiters, bus, bus, fallbackClock);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /**
     * Once the feed has caught up: keep Redis's hot copy of revocations and blocks complete — rebuilt from the
     * database when Redis comes back empty, replayed after every reconnect.
     */
    void keepHotCopy(Supplier<List<StateChange>> liveChanges) {
        if (redisBus != null) {
            redisBus.rebuildIfEmpty(liveChanges);
        }
    }

    RateLimiterFactory limiters() {
        return limiters;
    }

    /**
     * The DDoS guard's counters: the shared (Redis, with local fallback) limiters, or in-process ones holding at
     * most {@code maxTracked} addresses per window.
     */
    RateLimiterFactory guardLimiters(int maxTracked) {
        return redis.isPresent() ? limiters : new InProcessRateLimiterFactory(limiterClock, maxTracked);
    }

    /** How automatic blocks reach the other instances: Redis pub/sub, or nowhere. */
    AutoBlockBus autoBlocks() {
        return redis.<AutoBlockBus>map(RedisAutoBlockBus::new).orElseGet(AutoBlockBus::none);
    }

    /** The brute-force guard's counters: Redis with an in-process fallback, or in-process. */
    FailureCounters failureCounters(Clock clock) {
        FailureCounters local = new InProcessFailureCounters(clock, LOCAL_KEYS_PER_POLICY);
        return redis.<FailureCounters>map(gateway -> new RedisFailureCounters(gateway, local)).orElse(local);
    }

    ChangeBus bus() {
        return bus;
    }

    /**
     * The Redis line of {@code /health}. The endpoint is public, so the detail says what the state means for
     * clients and nothing about the deployment: no host, port or exception (those are in the application log).
     */
    ComponentHealth health() {
        if (redis.isEmpty()) {
            return new ComponentHealth("DISABLED", "not configured: state is kept in-process");
        }
        if (!redis.get().isConnected()) {
            return new ComponentHealth("DEGRADED", "unreachable: limits are decided locally and shared state "
                    + "travels through the database until it is back");
        }
        RedisHealth health = redisLimiters.health();
        return health.status() == RedisHealth.Status.UP ? ComponentHealth.up()
                : new ComponentHealth("DEGRADED", "failing: limits are decided locally until it recovers");
    }

    @Override
    public void close() {
        if (redisBus != null) {
            redisBus.close();
        }
        redis.ifPresent(RedisCommandsGateway::close);
    }
}
