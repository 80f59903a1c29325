package dev.bulwark.guard;

import dev.bulwark.sync.StateChange;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses an operator has blocked, as this instance knows them: a map kept current by the change feed
 * (every {@code ADDRESS_BLOCKED}/{@code ADDRESS_UNBLOCKED} of the log, in order), so the check made before every
 * request is a map lookup, never a network round trip. The latest change for an address decides its state.
 *
 * <p>Addresses are keys in canonical text form (as the client address resolver gives them), so one address has
 * one key. Expired blocks are ignored by {@link #blockedUntil} and dropped by {@link #purgeExpired()}.
 */
public final class BlockList {

    /** Marks a block without an end. */
    private static final Instant FOREVER = Instant.MAX;

    private final Clock clock;
    private final Map<String, Instant> blocks = new ConcurrentHashMap<>();

    public BlockList(Clock clock) {
        this.clock = clock;
    }

    /** Applies one change of the log; other kinds are ignored. */
    public void apply(StateChange change) {
        switch (change.kind()) {
            case ADDRESS_BLOCKED -> blocks.put(change.subject(), change.until() == null ? FOREVER : change.until());
            case ADDRESS_UNBLOCKED -> blocks.remove(change.subject());
            default -> { }
        }
    }

    /** When the block of this address ends ({@link Instant#MAX} for never), or empty when it is not blocked. */
    public Optional<Instant> blockedUntil(String address) {
        Instant until = blocks.get(address);
        if (until == null || !until.isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(until);
    }

    public boolean isBlocked(String address) {
        return blockedUntil(address).isPresent();
    }

    public int purgeExpired() {
        Instant now = clock.instant();
        int before = blocks.size();
        blocks.values().removeIf(until -> !until.isAfter(now));
        return before - blocks.size();
    }
}
