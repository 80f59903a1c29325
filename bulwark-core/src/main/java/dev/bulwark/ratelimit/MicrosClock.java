package dev.bulwark.ratelimit;

import java.time.Instant;

/**
 * A source of wall-clock time in integer microseconds since the epoch. Every rate-limit decision
 * reads the time from one of these, so tests drive time by hand and the Redis implementation can
 * use the server's {@code TIME} in the same unit.
 */
@FunctionalInterface
public interface MicrosClock {

    /** Microseconds since 1970-01-01T00:00:00Z. May step backwards (NTP); algorithms cope. */
    long nowMicros();

    /** The system wall clock, at the microsecond precision {@link Instant#now()} offers. */
    static MicrosClock system() {
        return () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        };
    }
}
