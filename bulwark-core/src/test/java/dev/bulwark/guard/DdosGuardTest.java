package dev.bulwark.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DdosGuardTest {

    /** A clock the test moves; the limiters read the same time. */
    static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }
    }

    private final TestClock clock = new TestClock();
    private final List<AutoBlock> published = new ArrayList<>();

    private DdosGuard guard(DdosGuard.Settings settings) {
        AutoBlockBus bus = new AutoBlockBus() {
            @Override
            public void publish(AutoBlock block) {
                published.add(block);
            }

            @Override
            public void subscribe(java.util.function.Consumer<AutoBlock> listener) {
            }
        };
        return new DdosGuard(settings, new InProcessRateLimiterFactory(() -> clock.millis() * 1000, 1000), bus, clock);
    }

    private static DdosGuard.Settings small() {
        return new DdosGuard.Settings(DdosGuard.Settings.bucket(10, Duration.ofSeconds(1)),
                DdosGuard.Settings.bucket(50, Duration.ofMinutes(1)),
                List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)), Duration.ofHours(24),
                1000);
    }

    @Test
    void aBurstOverTheShortWindowBlocksForOneMinuteThenFiveThenThirty() {
        DdosGuard guard = guard(small());
        for (Duration expected : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofMinutes(30))) {
            for (int i = 0; i < 10; i++) {
                assertThat(guard.check("198.51.100.1").outcome()).isEqualTo(DdosGuard.Outcome.ALLOWED);
            }
            DdosGuard.Verdict v = guard.check("198.51.100.1");
            assertThat(v.outcome()).isEqualTo(DdosGuard.Outcome.NEWLY_BLOCKED);
            assertThat(Duration.between(clock.instant(), v.block().until())).isEqualTo(expected);
            assertThat(guard.check("198.51.100.1").outcome()).isEqualTo(DdosGuard.Outcome.BLOCKED);
            assertThat(guard.check("198.51.100.2").outcome()).isEqualTo(DdosGuard.Outcome.ALLOWED);
            clock.advance(expected.plusSeconds(1));
            guard.check("198.51.100.2");
        }
        assertThat(published).extracting(AutoBlock::offence).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aSustainedRateUnderTheBurstLimitIsCaughtByTheLongWindow() {
        DdosGuard guard = guard(small());
        int admitted = 0;
        // 8 per second passes the short window (10/s) but not the long one (50/min).
        outer:
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 8; i++) {
                if (guard.check("203.0.113.5").blocked()) {
                    break outer;
                }
                admitted++;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(admitted).isBetween(50, 60);
        assertThat(guard.blockOf("203.0.113.5")).isNotNull();
    }

    @Test
    void blocksFromAnotherInstanceApplyAndAnOperatorCanLiftThem() {
        DdosGuard guard = guard(small());
        guard.apply(new AutoBlock("192.0.2.9", clock.instant().plusSeconds(60), 2));
        assertThat(guard.check("192.0.2.9").outcome()).isEqualTo(DdosGuard.Outcome.BLOCKED);
        assertThat(guard.active()).hasSize(1);
        assertThat(guard.unblock("192.0.2.9")).isTrue();
        assertThat(guard.check("192.0.2.9").outcome()).isEqualTo(DdosGuard.Outcome.ALLOWED);
        // An expired block from the bus is ignored; the offence count heard is kept, so the next block is longer.
        guard.apply(new AutoBlock("192.0.2.9", clock.instant().minusSeconds(1), 5));
        assertThat(guard.check("192.0.2.9").outcome()).isEqualTo(DdosGuard.Outcome.ALLOWED);
        for (int i = 0; i < 20; i++) {
            guard.check("192.0.2.9");
        }
        assertThat(guard.blockOf("192.0.2.9").offence()).isEqualTo(3);
    }

    @Test
    void blocksExpire() {
        DdosGuard guard = guard(small());
        for (int i = 0; i < 11; i++) {
            guard.check("198.51.100.77");
        }
        assertThat(guard.blockOf("198.51.100.77")).isNotNull();
        clock.advance(Duration.ofSeconds(61));
        assertThat(guard.blockOf("198.51.100.77")).isNull();
        assertThat(guard.check("198.51.100.77").outcome()).isEqualTo(DdosGuard.Outcome.ALLOWED);
    }
}
