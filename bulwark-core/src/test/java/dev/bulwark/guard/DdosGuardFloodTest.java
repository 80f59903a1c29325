package dev.bulwark.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Many distinct sources: the guard's memory is capped, whatever the number of addresses. */
class DdosGuardFloodTest {

    @Test
    void trackedAddressesStayAtTheCapUnderAFloodOfDistinctSources() {
        int cap = 5_000;
        DdosGuardTest.TestClock clock = new DdosGuardTest.TestClock();
        DdosGuard guard = new DdosGuard(new DdosGuard.Settings(DdosGuard.Settings.bucket(2, Duration.ofSeconds(1)),
                DdosGuard.Settings.bucket(100, Duration.ofMinutes(1)), List.of(Duration.ofMinutes(1)),
                Duration.ofHours(1), cap), new InProcessRateLimiterFactory(() -> clock.millis() * 1000, cap),
                AutoBlockBus.none(), clock);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            String address = (random.nextInt(223) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
            for (int r = 0; r < 3; r++) {
                guard.check(address);
            }
        }
        // Every source offended and was blocked, yet at most `cap` blocks and `cap` offences are held.
        assertThat(guard.trackedAddresses()).isLessThanOrEqualTo(2L * cap).isGreaterThanOrEqualTo(cap);
        assertThat(guard.active().size()).isLessThanOrEqualTo(cap);
    }
}
