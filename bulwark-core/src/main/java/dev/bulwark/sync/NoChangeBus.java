package dev.bulwark.sync;

import java.util.function.Consumer;

/** {@link ChangeBus#none()}. */
enum NoChangeBus implements ChangeBus {
    INSTANCE;

    @Override
    public void publish(StateChange change) {
    }

    @Override
    public void subscribe(Consumer<StateChange> listener) {
    }

    @Override
    public void onReconnect(Runnable action) {
    }
}
