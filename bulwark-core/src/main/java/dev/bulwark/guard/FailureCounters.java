package dev.bulwark.guard;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts failures (of logins, registrations, refreshes) per key, with the time of the last one; a counter is
 * forgotten {@code window} after its last failure. In-process ({@link InProcessFailureCounters}) alone, Redis
 * when instances share the work, so an attacker cannot multiply his attempts by the number of instances.
 * Counters may be lost (a Redis restart): the documented trade of DESIGN.md, "State".
 */
public interface FailureCounters {

    /** @param last when the latest failure was, or {@link Instant#EPOCH} when there is none */
    record Failures(long count, Instant last) {
        public static final Failures NONE = new Failures(0, Instant.EPOCH);
    }

    Failures get(String key);

    /** Adds one failure at {@code now} and keeps the counter {@code window} from now; returns the new count. */
    long recordFailure(String key, Instant now, Duration window);

    void reset(String key);
}
