package dev.bulwark.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RateLimiterFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Blocks an address by itself when it sends more than a short-window or a long-window rate, for a period that
 * grows with each repeat offence.
 *
 * <h2>Algorithm</h2>
 * Every request of an address not currently blocked is charged against two token buckets keyed by the address:
 * a short one (default 100 per second: a burst) and a long one (default 3000 per minute: a sustained flood that
 * stays under the burst limit). A bucket that refuses is an <em>offence</em>: the address is blocked for
 * {@code blockPeriods[offence - 1]} (default 1 min, 5 min, then 30 min for every later one). Offences are
 * remembered for {@code offenceMemory} (default 24 h) after the last one, then the address starts again at the
 * first period. While blocked an address costs no counting at all — one map lookup — so a blocked flood is
 * cheap and, with Redis, sends nothing to Redis.
 *
 * <p>Token buckets because their state is two numbers per key whatever the rate (a sliding-window log of 3000
 * entries per address would be 3000 entries per address in Redis), and because a bucket forgives a short
 * legitimate burst up to its capacity but not a sustained rate above its refill.
 *
 * <h2>Sharing</h2>
 * The buckets come from a {@link RateLimiterFactory}: in-process alone, Redis (one Lua script per decision,
 * falling back to local decisions) when several instances share the load, so an attacker spreading a flood over N
 * instances is still counted once. A new block is published on the {@link AutoBlockBus}; each instance keeps its
 * own copy of the blocks it heard of, so the per-request check never leaves the process.
 *
 * <h2>Bounds and concurrency</h2>
 * Blocks and offences live in Caffeine caches capped at {@code maxTrackedAddresses} each (and the in-process
 * buckets are capped by their factory), so a flood from a million spoofed sources cannot grow memory without
 * bound: the oldest entries are evicted, which at worst forgets an offender, never blocks an innocent address.
 * The decision to block is made inside one atomic {@code compute} on the block map, so concurrent requests of one
 * address produce one offence, not one per thread.
 */
public final class DdosGuard {

    /**
     * @param shortWindow         the burst limit (token bucket)
     * @param longWindow          the sustained limit (token bucket)
     * @param blockPeriods        the block for the first, second, ... offence; the last one repeats
     * @param offenceMemory       how long offences are remembered after the last one
     * @param maxTrackedAddresses the cap on blocked and offending addresses kept in memory, each
     */
    public record Settings(RateLimit shortWindow, RateLimit longWindow, List<Duration> blockPeriods,
                           Duration offenceMemory, int maxTrackedAddresses) {

        public Settings {
            Objects.requireNonNull(shortWindow, "shortWindow");
            Objects.requireNonNull(longWindow, "longWindow");
            blockPeriods = List.copyOf(blockPeriods);
            if (blockPeriods.isEmpty() || blockPeriods.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("blockPeriods must be one or more positive durations");
            }
            Objects.requireNonNull(offenceMemory, "offenceMemory");
            if (maxTrackedAddresses < 1) {
                throw new IllegalArgumentException("maxTrackedAddresses must be at least 1");
            }
        }

        /** 100 per second, 3000 per minute; blocks of 1, 5, 30 min; 24 h of memory; 100 000 addresses. */
        public static Settings defaults() {
            return new Settings(bucket(100, Duration.ofSeconds(1)), bucket(3000, Duration.ofMinutes(1)),
                    List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)),
                    Duration.ofHours(24), 100_000);
        }

        /** A token bucket of {@code limit} per {@code period} with a capacity of {@code limit}. */
        public static RateLimit bucket(long limit, Duration period) {
            return RateLimit.of(Algorithm.TOKEN_BUCKET, limit, period);
        }
    }

    /** The answer for one request. */
    public enum Outcome {
        /** Not blocked; counted. */
        ALLOWED,
        /** Already blocked (by this instance or another). */
        BLOCKED,
        /** This very request crossed a limit and blocked the address. */
        NEWLY_BLOCKED
    }

    /** @param block the block in force, or null when allowed */
    public record Verdict(Outcome outcome, AutoBlock block) {
        static final Verdict ALLOWED = new Verdict(Outcome.ALLOWED, null);

        public boolean blocked() {
            return outcome != Outcome.ALLOWED;
        }
    }

    private final Settings settings;
    private final RateLimiter shortWindow;
    private final RateLimiter longWindow;
    private final AutoBlockBus bus;
    private final Clock clock;
    private final Cache<String, AutoBlock> blocks;
    private final Cache<String, Integer> offences;

    public DdosGuard(Settings settings, RateLimiterFactory limiters, AutoBlockBus bus, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shortWindow = limiters.create("ddos-short", settings.shortWindow());
        this.longWindow = limiters.create("ddos-long", settings.longWindow());
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.blocks = Caffeine.newBuilder()
                .maximumSize(settings.maxTrackedAddresses())
                .expireAfter(new UntilExpiry(clock))
                .build();
        this.offences = Caffeine.newBuilder()
                .maximumSize(settings.maxTrackedAddresses())
                .expireAfterWrite(settings.offenceMemory())
                .build();
        bus.subscribe(this::apply);
    }

    /** Counts one request of {@code address} (a client key: IPv4, or an IPv6 prefix) and says whether it may pass. */
    public Verdict check(String address) {
        Instant now = clock.instant();
        AutoBlock current = blocks.getIfPresent(address);
        if (current != null && current.until().isAfter(now)) {
            return new Verdict(Outcome.BLOCKED, current);
        }
        if (shortWindow.acquire(address, 1).allowed() && longWindow.acquire(address, 1).allowed()) {
            return Verdict.ALLOWED;
        }
        AutoBlock[] created = new AutoBlock[1];
        AutoBlock block = blocks.asMap().compute(address, (key, existing) -> {
            if (existing != null && existing.until().isAfter(now)) {
                return existing;
            }
            int offence = offences.asMap().merge(key, 1, Integer::sum);
            List<Duration> periods = settings.blockPeriods();
            created[0] = new AutoBlock(key, now.plus(periods.get(Math.min(offence, periods.size()) - 1)), offence);
            return created[0];
        });
        if (created[0] == null) {
            return new Verdict(Outcome.BLOCKED, block);
        }
        bus.publish(created[0]);
        return new Verdict(Outcome.NEWLY_BLOCKED, created[0]);
    }

    /** The automatic block in force for {@code address}, or null; counts nothing. */
    public AutoBlock blockOf(String address) {
        AutoBlock block = blocks.getIfPresent(address);
        return block != null && block.until().isAfter(clock.instant()) ? block : null;
    }

    /** Applies a block heard from another instance (or our own, echoed): the later end and higher offence win. */
    public void apply(AutoBlock block) {
        if (!block.until().isAfter(clock.instant())) {
            return;
        }
        blocks.asMap().merge(block.address(), block, (old, incoming) ->
                incoming.until().isAfter(old.until()) ? incoming : old);
        offences.asMap().merge(block.address(), block.offence(), Math::max);
    }

    /** Lifts the automatic block of {@code address} (an operator's decision); true when there was one. */
    public boolean unblock(String address) {
        AutoBlock removed = blocks.asMap().remove(address);
        return removed != null && removed.until().isAfter(clock.instant());
    }

    /** The automatic blocks in force, for the operator's list. */
    public List<AutoBlock> active() {
        Instant now = clock.instant();
        return blocks.asMap().values().stream().filter(b -> b.until().isAfter(now)).toList();
    }

    /** Addresses held in memory (blocked plus offending), after pending evictions; at most twice the cap. */
    public long trackedAddresses() {
        blocks.cleanUp();
        offences.cleanUp();
        return blocks.estimatedSize() + offences.estimatedSize();
    }

    public Settings settings() {
        return settings;
    }

    /** A block expires from the cache at its end. */
    private record UntilExpiry(Clock clock) implements Expiry<String, AutoBlock> {
        @Override
        public long expireAfterCreate(String key, AutoBlock value, long currentTime) {
            return nanosLeft(value);
        }

        @Override
        public long expireAfterUpdate(String key, AutoBlock value, long currentTime, long currentDuration) {
            return nanosLeft(value);
        }

        @Override
        public long expireAfterRead(String key, AutoBlock value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long nanosLeft(AutoBlock value) {
            long millis = Math.max(0, value.until().toEpochMilli() - clock.millis());
            return TimeUnit.MILLISECONDS.toNanos(Math.min(millis, TimeUnit.DAYS.toMillis(365)));
        }
    }
}
