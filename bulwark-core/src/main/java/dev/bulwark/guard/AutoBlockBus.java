package dev.bulwark.guard;

import java.util.function.Consumer;

/**
 * Best-effort broadcast of automatic blocks between instances (Redis pub/sub when configured). Automatic blocks
 * may be lost — DESIGN.md, "State" — so a lost message only means another instance blocks the address itself a
 * little later, when its own (shared) counters say so. No method throws because the transport is down.
 */
public interface AutoBlockBus {

    void publish(AutoBlock block);

    /** {@code listener} is called for every block received, possibly on the transport's I/O thread. */
    void subscribe(Consumer<AutoBlock> listener);

    /** One instance alone: nothing to tell. */
    static AutoBlockBus none() {
        return new AutoBlockBus() {
            @Override
            public void publish(AutoBlock block) {
            }

            @Override
            public void subscribe(Consumer<AutoBlock> listener) {
            }
        };
    }
}
