package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Kill Redis under load: no exception reaches a caller, no call hangs, health degrades and recovers by itself. */
class RedisWithFallbackRateLimiterFactoryTest {

    @Test
    void redisKilledUnderLoadIsSurvivedAndRecoveredFrom() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisCommandsGateway redis = RedisCommandsGateway.connect(server.url())) {
            RedisRateLimiterFactory shared = new RedisRateLimiterFactory(redis);
            RedisWithFallbackRateLimiterFactory factory = new RedisWithFallbackRateLimiterFactory(shared,
                    new InProcessRateLimiterFactory(),
                    RedisWithFallbackRateLimiterFactory.circuitBreaker(Duration.ofSeconds(1)));
            RateLimit limit = RateLimit.of(Algorithm.TOKEN_BUCKET, 1_000_000, Duration.ofSeconds(1));
            RateLimiter limiter = factory.create("outage", limit);
            String[] keys = shared.create("outage", limit).keys("hot");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong calls = new AtomicLong();
            AtomicLong slowestNanos = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        try {
                            limiter.acquire("hot", 1);
                        } catch (Throwable e) {
                            thrown.add(e);
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        calls.incrementAndGet();
                    }
                }, "load-" + t);
                thread.start();
                load.add(thread);
            }
            try {
                await(() -> calls.get() > 200, 5);
                assertThat(factory.health().status()).isEqualTo(RedisHealth.Status.UP);
                assertThat(server.call("EXISTS", keys[0])).isEqualTo(1L);

                server.kill();
                await(factory::degraded, 5);
                assertThat(factory.health().status()).isEqualTo(RedisHealth.Status.DEGRADED);
                assertThat(factory.health().reason()).startsWith("circuit");
                long during = calls.get();
                Thread.sleep(1_500); // open, half-open probes failing, open again
                assertThat(calls.get()).as("calls keep being answered during the outage").isGreaterThan(during + 100);

                server.restart(); // empty: no persistence
                await(() -> !factory.degraded(), 15);
                await(() -> Long.valueOf(1L).equals(server.call("EXISTS", keys[0])), 5);
                assertThat(factory.health()).isEqualTo(new RedisHealth(RedisHealth.Status.UP, ""));
            } finally {
                running.set(false);
                for (Thread thread : load) {
                    thread.join(5_000);
                }
            }
            assertThat(thrown).as("exceptions seen by callers").isEmpty();
            System.out.printf("calls %d, slowest %d ms%n", calls.get(), TimeUnit.NANOSECONDS.toMillis(
                    slowestNanos.get()));
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos.get())).as("slowest call, ms").isLessThan(1_000);
        }
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %d s", seconds).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
