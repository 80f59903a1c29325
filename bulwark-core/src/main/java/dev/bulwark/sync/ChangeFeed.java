package dev.bulwark.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@link ChangeLog} on one instance and hands every change to the local listeners exactly once, in
 * sequence order — whether it came by the {@link ChangeBus} or by polling the log.
 *
 * <h2>How</h2>
 * The feed keeps one number, the highest sequence applied ({@code applied}). A change is applied only if its
 * sequence is above {@code applied}, and {@code applied} then becomes its sequence; so a change is applied at most
 * once and never after a later one. Changes reach the feed two ways:
 * <ul>
 *   <li><b>Bus</b> (fast path, usually milliseconds): a message whose sequence is {@code applied + 1} is applied at
 *       once on the bus's thread; one at or below {@code applied} is a duplicate and dropped; one further ahead
 *       means messages were missed, so the feed polls the log at once to fill the gap (the message itself is in
 *       the log, since the log is written before the bus). A missed message therefore costs one log read, never a
 *       missed change.</li>
 *   <li><b>Poll</b> (the guarantee): every {@code pollInterval} (500 ms by default) the feed reads
 *       {@code log.since(applied)} and applies what it gets. With the bus down, a change still arrives within one
 *       poll interval plus one log read. On a bus reconnect — when messages may have been lost — it polls at once.</li>
 * </ul>
 * That polling alone is enough relies on the {@link ChangeLog} contract that readers only ever see a prefix of the
 * log: the feed never looks behind {@code applied} again.
 *
 * <h2>Failures</h2>
 * {@link #start()} catches up the whole log (from sequence 0 or the configured start) before it returns, and throws
 * if the log cannot be read: an instance that has not loaded the revocations must not serve. After that, failures
 * of the log never escape: they are logged (the first at once, then at most every 30 s), and polling backs off
 * (doubling from {@code pollInterval} up to {@code maxBackoff}, 2 s by default) until the log answers again.
 * A listener that throws is logged and the change counts as applied, so one bad change cannot stop the feed.
 *
 * <h2>Concurrency</h2>
 * {@code applyLock} guards {@code applied} and every listener call, so listeners run one at a time, in order; they
 * must be quick and must not block (they update in-memory state). {@code pollLock} makes log reads take turns; no
 * log read happens under {@code applyLock}, so a slow database never stalls the bus thread for longer than it
 * takes to apply a batch. Polls run on the scheduler: a daemon single thread unless one is injected.
 */
public final class ChangeFeed implements AutoCloseable {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    static final int BATCH_SIZE = 500;
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeLog log;
    private final ChangeBus bus;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final Clock clock;
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();

    private final Object applyLock = new Object();
    /** The highest sequence applied; written only under {@code applyLock}. */
    private volatile long applied;

    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicBoolean immediatePollQueued = new AtomicBoolean();
    /** Guarded by {@code pollLock}. */
    private int consecutiveFailures;
    /** Guarded by {@code pollLock}. */
    private Instant lastFailureLogged;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> nextPoll;

    private ChangeFeed(Builder b) {
        this.log = b.log;
        this.bus = b.bus;
        this.ownsScheduler = b.scheduler == null;
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-change-feed");
            t.setDaemon(true);
            return t;
        }) : b.scheduler;
        this.pollInterval = b.pollInterval;
        this.maxBackoff = b.maxBackoff;
        this.clock = b.clock;
        this.applied = b.startAfter;
    }

    public static Builder builder(ChangeLog log) {
        return new Builder(log);
    }

    /** Adds a listener; only before {@link #start()}, so that every listener sees every change. */
    public void addListener(Consumer<StateChange> listener) {
        Objects.requireNonNull(listener, "listener");
        if (started.get()) {
            throw new IllegalStateException("add listeners before start()");
        }
        listeners.add(listener);
    }

    /**
     * Subscribes to the bus, applies the whole log (after the configured start sequence) and starts polling.
     *
     * @throws RuntimeException whatever the log threw if the catch-up failed; the feed is then closed
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        bus.subscribe(this::onBusMessage);
        bus.onReconnect(this::requestPoll);
        pollLock.lock();
        try {
            drainLog();
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            pollLock.unlock();
        }
        schedule(pollInterval);
        LOG.debug("change feed started at sequence {}", applied);
    }

    /** The highest sequence applied so far. */
    public long appliedSequence() {
        return applied;
    }

    /**
     * Reads the log now and applies what is new, on the caller's thread.
     *
     * @return whether the log could be read
     */
    public boolean pollNow() {
        pollLock.lock();
        try {
            drainLog();
            if (consecutiveFailures > 0) {
                LOG.info("change log readable again after {} failed reads", consecutiveFailures);
            }
            consecutiveFailures = 0;
            return true;
        } catch (RuntimeException e) {
            consecutiveFailures++;
            Instant now = clock.instant();
            if (lastFailureLogged == null || !now.isBefore(lastFailureLogged.plus(FAILURE_LOG_INTERVAL))) {
                lastFailureLogged = now;
                LOG.warn("cannot read the change log ({} failed reads in a row); retrying with backoff",
                        consecutiveFailures, e);
            }
            return false;
        } finally {
            pollLock.unlock();
        }
    }

    /** Stops polling and ignores the bus from now on; idempotent. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> next = nextPoll;
        if (next != null) {
            next.cancel(false);
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    private void drainLog() {
        List<StateChange> batch;
        do {
            batch = log.since(applied, BATCH_SIZE);
            synchronized (applyLock) {
                for (StateChange change : batch) {
                    applyInOrder(change);
                }
            }
        } while (batch.size() >= BATCH_SIZE && !closed);
    }

    private void onBusMessage(StateChange change) {
        if (closed || change == null) {
            return;
        }
        synchronized (applyLock) {
            if (change.sequence() <= applied) {
                return;
            }
            if (change.sequence() == applied + 1) {
                applyInOrder(change);
                return;
            }
        }
        requestPoll();
    }

    /** Caller holds {@code applyLock}. */
    private void applyInOrder(StateChange change) {
        if (change.sequence() <= applied) {
            return;
        }
        for (Consumer<StateChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("listener failed on change {}; continuing", change, e);
            }
        }
        applied = change.sequence();
    }

    /** Queues one poll now; requests made while one is queued share it. */
    private void requestPoll() {
        if (closed || !started.get() || !immediatePollQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(() -> {
                immediatePollQueued.set(false);
                if (!closed) {
                    pollNow();
                }
            });
        } catch (RejectedExecutionException e) {
            immediatePollQueued.set(false);
        }
    }

    private void scheduledPoll() {
        if (closed) {
            return;
        }
        boolean ok = pollNow();
        schedule(ok ? pollInterval : backoff());
    }

    private Duration backoff() {
        int failures;
        pollLock.lock();
        try {
            failures = consecutiveFailures;
        } finally {
            pollLock.unlock();
        }
        Duration delay = pollInterval;
        for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            nextPoll = scheduler.schedule(this::scheduledPoll, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                LOG.error("change feed scheduler refused the next poll; the feed has stopped", e);
            }
        }
    }

    /** Settings of a {@link ChangeFeed}. */
    public static final class Builder {
        private final ChangeLog log;
        private ChangeBus bus = ChangeBus.none();
        private ScheduledExecutorService scheduler;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Clock clock = Clock.systemUTC();
        private long startAfter;

        private Builder(ChangeLog log) {
            this.log = Objects.requireNonNull(log, "log");
        }

        public Builder bus(ChangeBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /** The scheduler that runs the polls; the caller owns it. Default: a daemon thread owned by the feed. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** The clock that paces the failure log messages. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Skips every change up to and including {@code sequence} (already applied from elsewhere). */
        public Builder startAfter(long sequence) {
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must not be negative");
            }
            this.startAfter = sequence;
            return this;
        }

        public ChangeFeed build() {
            if (maxBackoff.compareTo(pollInterval) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be below pollInterval");
            }
            return new ChangeFeed(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
