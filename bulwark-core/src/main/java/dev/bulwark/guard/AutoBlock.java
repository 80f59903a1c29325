package dev.bulwark.guard;

import java.time.Instant;
import java.util.Objects;

/**
 * An address the {@link DdosGuard} blocked by itself: until when, and for which offence (1 for the first, the
 * block period grows with it). Sent between instances on an {@link AutoBlockBus}; never stored durably.
 */
public record AutoBlock(String address, Instant until, int offence) {

    public AutoBlock {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(until, "until");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address must not be empty");
        }
        if (offence < 1) {
            throw new IllegalArgumentException("offence must be at least 1, was " + offence);
        }
    }
}
