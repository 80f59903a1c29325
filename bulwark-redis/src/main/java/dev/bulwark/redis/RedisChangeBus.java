package dev.bulwark.redis;

import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.StateChange;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChangeBus} on Redis, over the shared {@link RedisCommandsGateway}: {@code PUBLISH} on channel
 * {@code bw:changes} for the fast path, and a key per revocation or block as the shared hot copy (layout in
 * {@link StateKeys}, payload in {@link ChangeMessages}).
 *
 * <pre>{@code
 * RedisChangeBus bus = RedisChangeBus.create(gateway, RedisChangeBus.Settings.defaults(), clock);
 * bus.rebuildIfEmpty(() -> changeLog.live(clock.instant()));
 * }</pre>
 *
 * <h2>Best effort, bounded</h2>
 * Nothing here is the source of truth — the database's change log is — so no method throws for a Redis fault, and
 * {@link #publish} never waits longer than the gateway's command timeout (100 ms by default): while disconnected
 * the gateway rejects at once, and on a Redis that hangs the futures time out. The key write and the
 * {@code PUBLISH} go out together, pipelined on the one multiplexed connection, and are awaited against one deadline.
 *
 * <h2>Reconnects and rebuilds</h2>
 * The gateway reconnects and re-subscribes by itself and then reports the reconnect. The bus then runs, on its own
 * thread (never on Lettuce's I/O thread, since the rebuild reads the database) and in this order: the rebuild
 * check, then every {@link #onReconnect} action (the feed then polls the log for the messages missed meanwhile).
 * The rebuild check: if the marker key {@code bw:state:epoch} is missing, this Redis has lost its data (restarted
 * without persistence, flushed, a new node), so every live change from the database is written back, then the
 * marker. The check also runs every 5 s, so a flush without a disconnect is repaired too. Two instances rebuilding
 * at once write the same keys — harmless, see the script below.
 *
 * <h2>Script {@code hot_copy.lua}: keep the later revocation</h2>
 * Revocations only widen (a later expiry, a later epoch), so their key is written by a script that keeps whichever
 * instant is later — a rebuild from a slightly older read, or an old change published late, can never shorten a
 * revocation that another instance has just widened. Blocks and the marker are plain sets and deletes in the same
 * script (for an address the latest change decides), which also gives the permanent block a key without a TTL.
 * One key per call, so it runs in any Cluster slot.
 *
 * <h2>Threads</h2>
 * Subscribers are called on Lettuce's I/O thread and must not block (the {@code ChangeFeed} only updates memory and
 * hands gap-filling to its own scheduler).
 */
public final class RedisChangeBus implements ChangeBus, AutoCloseable {

    static final String PERMANENT = "permanent";
    private static final LuaScript HOT_COPY = LuaScript.load("hot_copy");
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(30);
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeBus.class);

    /**
     * @param revocationGrace     how long a token or session revocation key outlives the token's exp: at least the
     *                            verifier's clock skew, since a token is accepted that long after its exp
     * @param maxRefreshLifetime  the TTL of a user-epoch key: no token issued before the epoch lives longer
     * @param markerCheckInterval how often the rebuild marker is checked besides on reconnects
     */
    public record Settings(Duration revocationGrace, Duration maxRefreshLifetime, Duration markerCheckInterval) {

        public Settings {
            Objects.requireNonNull(revocationGrace, "revocationGrace");
            if (revocationGrace.isNegative()) {
                throw new IllegalArgumentException("revocationGrace must not be negative");
            }
            positive(maxRefreshLifetime, "maxRefreshLifetime");
            positive(markerCheckInterval, "markerCheckInterval");
        }

        /** 5 min grace, 30 days max refresh lifetime, marker checked every 5 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofDays(30), Duration.ofSeconds(5));
        }

        public Settings withMaxRefreshLifetime(Duration d) {
            return new Settings(revocationGrace, d, markerCheckInterval);
        }

        public Settings withMarkerCheckInterval(Duration d) {
            return new Settings(revocationGrace, maxRefreshLifetime, d);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    private final RedisCommandsGateway redis;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService maintenance;
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL.toNanos() - 1);
    private final Object rebuildLock = new Object();
    private volatile Supplier<List<StateChange>> rebuildSource;
    private volatile boolean closed;

    private RedisChangeBus(RedisCommandsGateway redis, Settings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-redis-change-bus");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Subscribes to {@code bw:changes} on the gateway, which stays the caller's to close. Never throws for a Redis
     * fault: if Redis does not confirm the subscription now, the bus retries every second meanwhile (the change
     * log's poll carries every change until then).
     */
    public static RedisChangeBus create(RedisCommandsGateway redis, Settings settings, Clock clock) {
        RedisChangeBus bus = new RedisChangeBus(Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
        redis.onReconnect(() -> bus.runOnMaintenance(bus::afterReconnect));
        bus.subscribeOrRetry(bus::onMessage);
        long every = settings.markerCheckInterval().toMillis();
        bus.maintenance.scheduleWithFixedDelay(bus::checkMarker, every, every, TimeUnit.MILLISECONDS);
        return bus;
    }

    /**
     * The gateway registers the consumer before it sends SUBSCRIBE, and re-subscribes every registered channel
     * after a reconnect; so a retry only has to get one SUBSCRIBE through, and uses a consumer that does nothing
     * (the first one already receives).
     */
    private void subscribeOrRetry(Consumer<String> consumer) {
        if (closed) {
            return;
        }
        try {
            await(redis.subscribe(StateKeys.CHANNEL, consumer), redis.commandTimeout());
        } catch (RuntimeException e) {
            warn("could not subscribe to " + StateKeys.CHANNEL + "; retrying in 1 s", e);
            try {
                maintenance.schedule(() -> subscribeOrRetry(message -> { }), 1, TimeUnit.SECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    @Override
    public void publish(StateChange change) {
        Objects.requireNonNull(change, "change");
        if (closed || !redis.isConnected()) {
            warn("Redis is not connected; " + change + " goes to the other instances by the change log only", null);
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>(2);
        try {
            CompletableFuture<?> key = writeKey(change);
            if (key != null) {
                sent.add(key);
            }
            sent.add(redis.publish(StateKeys.CHANNEL, ChangeMessages.encode(change)));
        } catch (RuntimeException e) {
            warn("could not send " + change + " to Redis", e);
            return;
        }
        long deadline = System.nanoTime() + redis.commandTimeout().toNanos();
        for (CompletableFuture<?> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                warn("could not send " + change + " to Redis", e);
                return;
            }
        }
    }

    @Override
    public void subscribe(Consumer<StateChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void onReconnect(Runnable action) {
        reconnectActions.add(Objects.requireNonNull(action, "action"));
    }

    /**
     * If this Redis has lost its data (the marker key is missing), writes every change of {@code liveChanges} back
     * as keys and sets the marker; and from now on checks again after every reconnect and every few seconds.
     *
     * @param liveChanges the changes still in force, in sequence order, read from the database when called
     * @return whether it rebuilt now; {@code false} also when Redis is unreachable (a later check retries)
     */
    public boolean rebuildIfEmpty(Supplier<List<StateChange>> liveChanges) {
        rebuildSource = Objects.requireNonNull(liveChanges, "liveChanges");
        return checkMarker();
    }

    /** Whether the command connection is up now. */
    public boolean isConnected() {
        return !closed && redis.isConnected();
    }

    /** Stops the bus's own thread and ignores messages from now on; the gateway stays open. Idempotent. */
    @Override
    public void close() {
        closed = true;
        maintenance.shutdownNow();
    }

    private void onMessage(String message) {
        if (closed) {
            return;
        }
        StateChange change = ChangeMessages.decode(message);
        if (change == null) {
            LOG.debug("dropping a message on {} in an unknown format", StateKeys.CHANNEL);
            return;
        }
        for (Consumer<StateChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("change bus listener failed on {}", change, e);
            }
        }
    }

    private void afterReconnect() {
        // The gateway reports each connection's return; give the command connection a moment so the rebuild
        // comes before the actions.
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        while (!redis.isConnected() && !closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // After a reconnect, replay everything live whether or not Redis kept its data: changes made while this
        // instance could not reach Redis (written to the database only) must reach the hot copy too.
        rebuild(true);
        for (Runnable action : reconnectActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("reconnect action failed", e);
            }
        }
    }

    /** The periodic check: rebuilds only when the marker says Redis lost its data. */
    private boolean checkMarker() {
        return rebuild(false);
    }

    /** Writes every live change back as keys, when {@code always} or when the marker is missing; never throws. */
    private boolean rebuild(boolean always) {
        Supplier<List<StateChange>> source = rebuildSource;
        if (source == null || closed || !redis.isConnected()) {
            return false;
        }
        synchronized (rebuildLock) {
            try {
                if (!always && await(redis.get(StateKeys.MARKER), redis.commandTimeout()) != null) {
                    return false;
                }
                List<StateChange> live = source.get();
                List<CompletableFuture<?>> writes = new ArrayList<>(live.size());
                for (StateChange change : live) {
                    CompletableFuture<?> f = writeKey(change);
                    if (f != null) {
                        writes.add(f);
                    }
                }
                // each write is bounded by the command timeout, so this wait is too
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                await(hotCopy(StateKeys.MARKER, "set", clock.instant().toString(), 0), redis.commandTimeout());
                LOG.info("Redis hot copy {}: wrote {} live revocations and blocks from the database",
                        always ? "replayed after a reconnect" : "rebuilt (Redis had lost its data)", live.size());
                return true;
            } catch (RuntimeException e) {
                warn("could not check or rebuild the Redis state; retrying later", e);
                return false;
            }
        }
    }

    /** Sends the command that mirrors {@code change} as a key, or returns {@code null} if there is nothing to keep. */
    private CompletableFuture<?> writeKey(StateChange change) {
        String key = StateKeys.of(change.kind(), change.subject());
        Instant now = clock.instant();
        return switch (change.kind()) {
            case TOKEN_REVOKED, SESSION_REVOKED -> {
                long ttl = Duration.between(now, change.until().plus(settings.revocationGrace())).toMillis();
                yield ttl <= 0 ? null : hotCopy(key, "later", millis(change.until()), ttl);
            }
            case USER_REVOKED_BEFORE -> hotCopy(key, "later", millis(change.until()),
                    settings.maxRefreshLifetime().toMillis());
            case ADDRESS_BLOCKED -> {
                if (change.until() == null) {
                    yield hotCopy(key, "set", PERMANENT, 0);
                }
                long ttl = Duration.between(now, change.until()).toMillis();
                yield ttl <= 0 ? hotCopy(key, "del", "", 0) : hotCopy(key, "set", millis(change.until()), ttl);
            }
            case ADDRESS_UNBLOCKED -> hotCopy(key, "del", "", 0);
        };
    }

    private CompletableFuture<Object> hotCopy(String key, String op, String value, long ttlMillis) {
        return HOT_COPY.execute(redis, ScriptOutputType.INTEGER, new String[] {key}, op, value,
                Long.toString(ttlMillis));
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private void runOnMaintenance(Runnable task) {
        if (closed) {
            return;
        }
        try {
            maintenance.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("Redis did not answer within " + timeout, e);
        }
    }

    /** Logs a Redis fault at most every 30 s; the fault is routine while Redis is down. */
    private void warn(String message, Throwable e) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        String text = e == null ? message : message + ": " + e;
        if (now - last >= WARN_INTERVAL.toNanos() && lastWarnNanos.compareAndSet(last, now)) {
            LOG.warn(text);
        } else {
            LOG.debug(text);
        }
    }
}
