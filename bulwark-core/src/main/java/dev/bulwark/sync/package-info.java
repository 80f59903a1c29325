/**
 * State shared by every instance: an ordered, durable {@link dev.bulwark.sync.ChangeLog} is the source of truth,
 * a best-effort {@link dev.bulwark.sync.ChangeBus} is the fast path, and a {@link dev.bulwark.sync.ChangeFeed}
 * on every instance applies the log to local listeners exactly once each, in sequence order.
 *
 * <pre>{@code
 * ChangeFeed feed = ChangeFeed.builder(log).bus(bus).build();
 * ReplicatedRevocationStore revocations = new ReplicatedRevocationStore(log, bus, memory);
 * feed.addListener(revocations::apply);
 * feed.start();   // catches up the whole log, then follows bus and poll
 * }</pre>
 */
package dev.bulwark.sync;
