package dev.bulwark.sync;

import java.util.function.Consumer;

/**
 * A best-effort broadcast of {@link StateChange}s between instances: the fast path beside the {@link ChangeLog}.
 * Messages may be lost, duplicated or late; {@link ChangeFeed} makes up for all three from the log. No method
 * throws because the transport is down.
 */
public interface ChangeBus {

    /** Sends a change to every subscribed instance (this one included, possibly); never throws for transport faults. */
    void publish(StateChange change);

    /** Calls {@code listener} for every change received; the call may come on the transport's own thread. */
    void subscribe(Consumer<StateChange> listener);

    /** Calls {@code action} each time the transport has reconnected, when messages may have been missed. */
    void onReconnect(Runnable action);

    /** A bus that sends nothing: one instance alone, or the log's polling as the only path. */
    static ChangeBus none() {
        return NoChangeBus.INSTANCE;
    }
}
