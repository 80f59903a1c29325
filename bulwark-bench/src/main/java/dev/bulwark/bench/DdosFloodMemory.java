package dev.bulwark.bench;

import dev.bulwark.guard.AutoBlockBus;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.MicrosClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * Feeds the DDoS guard, with its default settings (100/1s, 3000/1min, cap 100 000 addresses), requests from
 * 1 000 000 random source addresses — each sends 101 requests in a burst, so every one of them is counted and
 * blocked — and prints the retained heap after a full GC, before and after, and the tracked-address count.
 *
 * <pre>java -cp bulwark-bench/target/benchmarks.jar dev.bulwark.bench.DdosFloodMemory [sources]</pre>
 */
public final class DdosFloodMemory {

    public static void main(String[] args) throws Exception {
        int sources = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retained(memory);
        DdosGuard.Settings settings = DdosGuard.Settings.defaults();
        DdosGuard guard = new DdosGuard(settings,
                new InProcessRateLimiterFactory(MicrosClock.system(), settings.maxTrackedAddresses()),
                AutoBlockBus.none(), Clock.systemUTC());
        SplittableRandom random = new SplittableRandom(7);
        long blocked = 0;
        long start = System.nanoTime();
        for (int i = 0; i < sources; i++) {
            String address = (random.nextInt(223) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
            for (int r = 0; r < 101; r++) {
                if (guard.check(address).blocked()) {
                    blocked++;
                    break;
                }
            }
            if ((i + 1) % 250_000 == 0) {
                System.out.printf("%,d sources: tracked %,d, heap %,d KiB%n", i + 1, guard.trackedAddresses(),
                        (retained(memory) - before) / 1024);
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long after = retained(memory);
        System.out.printf("sources %,d, blocked %,d, in %d s; tracked addresses %,d (cap %,d per map)%n", sources,
                blocked, seconds, guard.trackedAddresses(), settings.maxTrackedAddresses());
        System.out.printf("retained heap: before %,d KiB, after %,d KiB, growth %,d KiB%n", before / 1024,
                after / 1024, (after - before) / 1024);
    }

    private static long retained(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
