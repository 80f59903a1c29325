package dev.bulwark.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test broadcast medium: each {@link #connect()} is one instance's {@link ChangeBus}; publishing delivers
 * synchronously to every connected bus unless the hub is down (messages are then lost, as pub/sub loses them).
 */
final class FakeBusHub {

    private final List<Bus> buses = new CopyOnWriteArrayList<>();
    volatile boolean down;
    volatile boolean throwOnPublish;

    Bus connect() {
        Bus b = new Bus();
        buses.add(b);
        return b;
    }

    /** Comes back up and tells every bus it reconnected. */
    void reconnect() {
        down = false;
        for (Bus b : buses) {
            b.reconnectActions.forEach(Runnable::run);
        }
    }

    final class Bus implements ChangeBus {
        final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
        final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();

        @Override
        public void publish(StateChange change) {
            if (throwOnPublish) {
                throw new IllegalStateException("bus broken");
            }
            if (down) {
                return;
            }
            for (Bus b : buses) {
                b.listeners.forEach(l -> l.accept(change));
            }
        }

        /** Delivers a message to this bus only, as if it came from elsewhere. */
        void deliver(StateChange change) {
            listeners.forEach(l -> l.accept(change));
        }

        @Override
        public void subscribe(Consumer<StateChange> listener) {
            listeners.add(listener);
        }

        @Override
        public void onReconnect(Runnable action) {
            reconnectActions.add(action);
        }
    }
}
