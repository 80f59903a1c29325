package dev.bulwark.sync;

import java.time.Instant;
import java.util.List;

/**
 * The durable, ordered record of every {@link StateChange}: the source of truth that every instance follows.
 *
 * <p>Contract, relied on by {@link ChangeFeed}:
 * <ul>
 *   <li>{@link #append} returns only once the change is durable, and throws if it is not; the returned change
 *       carries the sequence the log assigned.</li>
 *   <li>What a reader can see is always a prefix of the log in sequence order (minus purged rows): once a
 *       reader sees sequence {@code n}, no change with a sequence below {@code n} can appear later. A log
 *       whose sequences are not committed in order (a plain identity column under concurrent inserts) breaks
 *       this, and a follower would skip the late change for ever.</li>
 *   <li>Sequences are strictly increasing; a log may purge old entries, so they need not be contiguous.</li>
 * </ul>
 */
public interface ChangeLog {

    /** Appends a change durably and returns it with its sequence; throws if it could not be stored. */
    StateChange append(StateChange.Kind kind, String subject, Instant until);

    /** Up to {@code max} changes with a sequence above {@code sequenceExclusive}, in sequence order. */
    List<StateChange> since(long sequenceExclusive, int max);
}
