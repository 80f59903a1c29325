package dev.bulwark.bench;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import io.github.bucket4j.Bucket;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one in-process token-bucket decision: ours ({@link InProcessRateLimiterFactory}:
 * a Caffeine map of per-key states, each decision an atomic {@code compute} on its key, the
 * clock read inside) against Bucket4j's in-process {@link Bucket} (one lock-free bucket, CAS on
 * its state), on 1 and 2 threads (this machine has 2 cores).
 *
 * <p>Why: the in-process limiter is the embedded mode and the fallback when Redis is down, so it
 * sits on every request of a single-machine deployment. The comparison is not like for like, and
 * is not meant to be: Bucket4j's {@code Bucket} is one bucket the caller already holds, ours finds
 * the key's state in a bounded map first (what a per-user or per-address limit needs). The 10k-key
 * variants (ours only; a key drawn per call) show the cost with the map holding many keys and
 * threads rarely meeting on one.
 *
 * <p>The limit is huge (10^9 per second, burst 10^9), so every request is admitted.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class InProcessRateLimitBenchmark {

    static final long LIMIT = 1_000_000_000L;

    RateLimiter bulwark;
    Bucket bucket;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
        bulwark = new InProcessRateLimiterFactory()
                .create("bench", RateLimit.of(Algorithm.TOKEN_BUCKET, LIMIT, Duration.ofSeconds(1)));
        bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(LIMIT).refillGreedy(LIMIT, Duration.ofSeconds(1)))
                .build();
        keys = new String[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "user-" + i;
        }
    }

    private String randomKey() {
        return keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision bulwark_oneKey_1thread() {
        return bulwark.acquire("hot", 1);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision bulwark_oneKey_2threads() {
        return bulwark.acquire("hot", 1);
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision bulwark_10kKeys_1thread() {
        return bulwark.acquire(randomKey(), 1);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision bulwark_10kKeys_2threads() {
        return bulwark.acquire(randomKey(), 1);
    }

    @Benchmark
    @Threads(1)
    public boolean bucket4j_oneBucket_1thread() {
        return bucket.tryConsume(1);
    }

    @Benchmark
    @Threads(2)
    public boolean bucket4j_oneBucket_2threads() {
        return bucket.tryConsume(1);
    }
}
