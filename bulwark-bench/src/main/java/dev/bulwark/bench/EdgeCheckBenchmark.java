package dev.bulwark.bench;

import dev.bulwark.guard.AutoBlockBus;
import dev.bulwark.guard.BlockList;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of step 2 of the pipeline, in-process (the embedded mode; with Redis the guard's counting
 * is one Lua script per window instead, measured by {@link RedisRateLimitBenchmark}): the operator's block list
 * (a map lookup) plus the DDoS guard (a block lookup and two token-bucket decisions), for
 * <ul>
 *   <li>{@code allowed}: 10 000 well-behaved addresses (limits far above what the benchmark sends);</li>
 *   <li>{@code blocked}: an address the guard has blocked (the flood case: a lookup, no counting);</li>
 *   <li>{@code adminBlocked}: an address on the operator's list (one lookup, the guard never runs).</li>
 * </ul>
 * Measured as average time per check, on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EdgeCheckBenchmark {

    BlockList blocks;
    DdosGuard guard;
    String[] addresses;

    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        blocks = new BlockList(clock);
        for (int i = 0; i < 1000; i++) {
            blocks.apply(new StateChange(i + 1, StateChange.Kind.ADDRESS_BLOCKED, "192.0." + (i / 250) + "." + (i % 250),
                    null));
        }
        blocks.apply(new StateChange(5000, StateChange.Kind.ADDRESS_BLOCKED, "198.51.100.1", null));
        guard = new DdosGuard(new DdosGuard.Settings(DdosGuard.Settings.bucket(1_000_000_000L, Duration.ofSeconds(1)),
                DdosGuard.Settings.bucket(1_000_000_000L, Duration.ofMinutes(1)), List.of(Duration.ofMinutes(1)),
                Duration.ofHours(1), 100_000), new InProcessRateLimiterFactory(MicrosClock.system(), 100_000),
                AutoBlockBus.none(), clock);
        guard.apply(new dev.bulwark.guard.AutoBlock("203.0.113.66", Instant.now().plus(Duration.ofDays(1)), 1));
        addresses = new String[10_000];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        }
    }

    private boolean check(String address) {
        return blocks.isBlocked(address) || guard.check(address).blocked();
    }

    @Benchmark
    public boolean allowed() {
        return check(addresses[ThreadLocalRandom.current().nextInt(addresses.length)]);
    }

    @Benchmark
    public boolean blocked() {
        return check("203.0.113.66");
    }

    @Benchmark
    public boolean adminBlocked() {
        return check("198.51.100.1");
    }
}
