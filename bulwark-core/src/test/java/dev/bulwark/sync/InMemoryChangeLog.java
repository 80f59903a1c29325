package dev.bulwark.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A test {@link ChangeLog} in a list, shared by the simulated instances; can be made to fail. */
final class InMemoryChangeLog implements ChangeLog {

    private final List<StateChange> changes = new ArrayList<>();
    volatile boolean failing;
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public synchronized StateChange append(StateChange.Kind kind, String subject, Instant until) {
        if (failing) {
            throw new IllegalStateException("log down");
        }
        StateChange c = new StateChange(changes.size() + 1, kind, subject, until);
        changes.add(c);
        return c;
    }

    @Override
    public synchronized List<StateChange> since(long sequenceExclusive, int max) {
        reads.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("log down");
        }
        List<StateChange> out = new ArrayList<>();
        for (StateChange c : changes) {
            if (c.sequence() > sequenceExclusive && out.size() < max) {
                out.add(c);
            }
        }
        return out;
    }
}
