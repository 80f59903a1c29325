package dev.bulwark.redis;

import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.StateChange;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChangeBus} on Redis: {@code PUBLISH} on channel {@code bw:changes} for the fast path, and a key per
 * revocation or block as the shared hot copy (layout in {@link StateKeys}, payload in {@link ChangeMessages}).
 *
 * <pre>{@code
 * RedisChangeBus bus = RedisChangeBus.connect("redis://127.0.0.1:6380", RedisChangeBus.Settings.defaults(), clock);
 * bus.rebuildIfEmpty(() -> changeLog.live(clock.instant()));
 * }</pre>
 *
 * <h2>Best effort, bounded</h2>
 * Nothing here is the source of truth — the database's change log is — so no method throws for a Redis fault, and
 * {@link #publish} never waits longer than the command timeout (100 ms by default): while the connection is down it
 * returns at once (Lettuce rejects instead of queueing), and on a Redis that hangs each command is cancelled at the
 * timeout. The key write and the {@code PUBLISH} go out together on the one multiplexed command connection.
 *
 * <h2>Reconnects and rebuilds</h2>
 * Lettuce reconnects by itself (after 20 ms, doubling up to 1 s) and re-subscribes the pub/sub connection. When the
 * subscription is confirmed again, the bus runs, on its own thread and in this order: the rebuild check, then every
 * {@link #onReconnect} action (the feed then polls the log for the messages missed meanwhile). The rebuild check:
 * if the marker key {@code bw:state:epoch} is missing, this Redis has lost its data (restarted without persistence,
 * flushed, a new node), so every live change from the database is written back, then the marker. The check also
 * runs when the command connection reconnects and every 5 s, so a flush without a disconnect is repaired too. Two
 * instances rebuilding at once write the same keys — harmless.
 *
 * <h2>Script: keep the later revocation</h2>
 * Revocations only widen (a later expiry, a later epoch), so their key is written by one Lua script that keeps
 * whichever instant is later — a rebuild from a slightly older read, or a re-published old change, can never shorten
 * a revocation that another instance has just widened:
 * <pre>
 *   KEYS[1] the key, ARGV[1] the instant (epoch ms), ARGV[2] the TTL (ms)
 *   local current = redis.call('GET', KEYS[1])
 *   if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
 *   redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); return 1
 * </pre>
 * Run by {@code EVALSHA}, reloaded with {@code EVAL} on {@code NOSCRIPT}. Blocks are plain {@code SET}/{@code DEL}:
 * for an address the latest change decides.
 *
 * <h2>Threads</h2>
 * Subscribers are called on Lettuce's I/O thread and must not block (the {@code ChangeFeed} only updates memory and
 * hands gap-filling to its own scheduler). Rebuilds, reconnect actions and the periodic check run on the bus's one
 * daemon thread, where blocking on the database is fine.
 */
public final class RedisChangeBus implements ChangeBus, AutoCloseable {

    static final String KEEP_LATER = "local current = redis.call('GET', KEYS[1])\n"
            + "if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end\n"
            + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
            + "return 1\n";
    static final String PERMANENT = "permanent";
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(30);
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeBus.class);

    /**
     * @param commandTimeout      the longest a publish waits on Redis
     * @param revocationGrace     how long a token or session revocation key outlives the token's exp: at least the
     *                            verifier's clock skew, since a token is accepted that long after its exp
     * @param maxRefreshLifetime  the TTL of a user-epoch key: no token issued before the epoch lives longer
     * @param markerCheckInterval how often the rebuild marker is checked besides on reconnects
     */
    public record Settings(Duration commandTimeout, Duration revocationGrace, Duration maxRefreshLifetime,
            Duration markerCheckInterval) {

        public Settings {
            positive(commandTimeout, "commandTimeout");
            Objects.requireNonNull(revocationGrace, "revocationGrace");
            if (revocationGrace.isNegative()) {
                throw new IllegalArgumentException("revocationGrace must not be negative");
            }
            positive(maxRefreshLifetime, "maxRefreshLifetime");
            positive(markerCheckInterval, "markerCheckInterval");
        }

        /** 100 ms command timeout, 5 min grace, 30 days max refresh lifetime, marker checked every 5 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofDays(30),
                    Duration.ofSeconds(5));
        }

        public Settings withCommandTimeout(Duration d) {
            return new Settings(d, revocationGrace, maxRefreshLifetime, markerCheckInterval);
        }

        public Settings withMaxRefreshLifetime(Duration d) {
            return new Settings(commandTimeout, revocationGrace, d, markerCheckInterval);
        }

        public Settings withMarkerCheckInterval(Duration d) {
            return new Settings(commandTimeout, revocationGrace, maxRefreshLifetime, d);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final ScheduledExecutorService maintenance;
    private final String keepLaterSha;
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectActions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL.toNanos() - 1);
    private final Object rebuildLock = new Object();
    private volatile Supplier<List<StateChange>> rebuildSource;
    private volatile boolean closed;

    private RedisChangeBus(Settings settings, Clock clock, ClientResources resources, RedisClient client,
            StatefulRedisConnection<String, String> commands, StatefulRedisPubSubConnection<String, String> pubSub) {
        this.settings = settings;
        this.clock = clock;
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.pubSub = pubSub;
        this.keepLaterSha = commands.sync().digest(KEEP_LATER);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulwark-redis-change-bus");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to Redis and subscribes to {@code bw:changes}.
     *
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached now
     */
    public static RedisChangeBus connect(String redisUrl, Settings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        RedisURI uri = RedisURI.create(Objects.requireNonNull(redisUrl, "redisUrl"));
        uri.setTimeout(settings.commandTimeout());
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        StatefulRedisConnection<String, String> commands = null;
        StatefulRedisPubSubConnection<String, String> pubSub = null;
        try {
            commands = client.connect(StringCodec.UTF8);
            pubSub = client.connectPubSub(StringCodec.UTF8);
            RedisChangeBus bus = new RedisChangeBus(settings, clock, resources, client, commands, pubSub);
            bus.start();
            return bus;
        } catch (RuntimeException e) {
            if (pubSub != null) {
                pubSub.close();
            }
            if (commands != null) {
                commands.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    private void start() {
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(message);
            }

            @Override
            public void subscribed(String channel, long count) {
                if (StateKeys.CHANNEL.equals(channel) && subscribedOnce.getAndSet(true)) {
                    runOnMaintenance(RedisChangeBus.this::afterReconnect);
                }
            }
        });
        commands.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                runOnMaintenance(RedisChangeBus.this::checkMarker);
            }
        });
        await(pubSub.async().subscribe(StateKeys.CHANNEL).toCompletableFuture(), Duration.ofSeconds(5));
        subscribedOnce.set(true);
        long every = settings.markerCheckInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::checkMarker, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(StateChange change) {
        Objects.requireNonNull(change, "change");
        if (closed || !commands.isOpen()) {
            warn("Redis is not connected; " + change + " goes to the other instances by the change log only", null);
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>(2);
        try {
            RedisAsyncCommands<String, String> async = commands.async();
            CompletableFuture<?> key = writeKey(async, change);
            if (key != null) {
                sent.add(key);
            }
            sent.add(async.publish(StateKeys.CHANNEL, ChangeMessages.encode(change)).toCompletableFuture());
        } catch (RuntimeException e) {
            warn("could not send " + change + " to Redis", e);
            return;
        }
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
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

    /** Whether both connections are up now. */
    public boolean isConnected() {
        return !closed && commands.isOpen() && pubSub.isOpen();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        pubSub.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private void onMessage(String message) {
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
        // The command connection reconnects on its own schedule; give it a moment so the rebuild comes first.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!commands.isOpen() && !closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        checkMarker();
        for (Runnable action : reconnectActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("reconnect action failed", e);
            }
        }
    }

    /** The rebuild check; never throws. */
    private boolean checkMarker() {
        Supplier<List<StateChange>> source = rebuildSource;
        if (source == null || closed || !commands.isOpen()) {
            return false;
        }
        synchronized (rebuildLock) {
            try {
                RedisAsyncCommands<String, String> async = commands.async();
                Long present = await(async.exists(StateKeys.MARKER).toCompletableFuture(), REBUILD_TIMEOUT);
                if (present != null && present > 0) {
                    return false;
                }
                List<StateChange> live = source.get();
                List<CompletableFuture<?>> writes = new ArrayList<>(live.size());
                for (StateChange change : live) {
                    CompletableFuture<?> f = writeKey(async, change);
                    if (f != null) {
                        writes.add(f);
                    }
                }
                await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)), REBUILD_TIMEOUT);
                await(async.set(StateKeys.MARKER, clock.instant().toString()).toCompletableFuture(), REBUILD_TIMEOUT);
                LOG.info("Redis had lost its state: rebuilt {} revocations and blocks from the database", live.size());
                return true;
            } catch (RuntimeException e) {
                warn("could not check or rebuild the Redis state; retrying later", e);
                return false;
            }
        }
    }

    /** Sends the command that mirrors {@code change} as a key, or returns {@code null} if there is nothing to keep. */
    private CompletableFuture<?> writeKey(RedisAsyncCommands<String, String> async, StateChange change) {
        String key = StateKeys.of(change.kind(), change.subject());
        Instant now = clock.instant();
        return switch (change.kind()) {
            case TOKEN_REVOKED, SESSION_REVOKED -> {
                long ttl = Duration.between(now, change.until().plus(settings.revocationGrace())).toMillis();
                yield ttl <= 0 ? null : keepLater(async, key, change.until(), ttl);
            }
            case USER_REVOKED_BEFORE -> keepLater(async, key, change.until(), settings.maxRefreshLifetime().toMillis());
            case ADDRESS_BLOCKED -> {
                if (change.until() == null) {
                    yield async.set(key, PERMANENT).toCompletableFuture();
                }
                long ttl = Duration.between(now, change.until()).toMillis();
                yield ttl <= 0 ? async.del(key).toCompletableFuture()
                        : async.set(key, Long.toString(change.until().toEpochMilli()), SetArgs.Builder.px(ttl))
                                .toCompletableFuture();
            }
            case ADDRESS_UNBLOCKED -> async.del(key).toCompletableFuture();
        };
    }

    private CompletableFuture<Object> keepLater(RedisAsyncCommands<String, String> async, String key, Instant at,
            long ttlMillis) {
        String[] keys = {key};
        String instant = Long.toString(at.toEpochMilli());
        String ttl = Long.toString(ttlMillis);
        CompletionStage<Object> sha = async.evalsha(keepLaterSha, ScriptOutputType.INTEGER, keys, instant, ttl);
        return sha.toCompletableFuture().exceptionallyCompose(e -> noScript(e)
                ? async.eval(KEEP_LATER, ScriptOutputType.INTEGER, keys, instant, ttl).toCompletableFuture()
                : CompletableFuture.failedFuture(e));
    }

    private static boolean noScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisNoScriptException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
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
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
