package dev.bulwark.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis commands Bulwark's stores use, asynchronous, on one multiplexed Lettuce connection,
 * the same for a standalone server, a Sentinel-managed master and a Cluster.
 *
 * <pre>{@code
 * try (RedisCommandsGateway redis = RedisCommandsGateway.connect("redis://127.0.0.1:6380", Duration.ofMillis(100))) {
 *     redis.setPx("k", "v", Duration.ofMinutes(5)).join();
 *     redis.subscribe("bw:revocations", message -> cache.apply(message));
 *     redis.onReconnect(() -> cache.resync());
 * }
 * }</pre>
 *
 * <p><b>Time bounds.</b> Every future completes within the command timeout: Lettuce's own command
 * timeout plus {@code orTimeout} on the returned future, so a dead or paused server costs a caller
 * at most the timeout, never a hang. While a standalone connection is down, commands are rejected
 * at once rather than queued (auto-reconnect runs in the background), so an outage fails fast; a
 * Cluster queues them (its node connections open lazily), still bounded by the timeout.
 *
 * <p><b>Why one connection.</b> Lettuce pipelines every command of every thread on one
 * connection; a pool would only add sockets. Pub/sub needs a connection of its own (a subscribed
 * connection may send nothing else), opened on the first {@link #subscribe}.
 *
 * <p>Thread-safe. Passwords never reach a log or exception message: {@link RedisEndpoint#redacted()}.
 */
public final class RedisCommandsGateway implements AutoCloseable {

    /** The default command timeout (CONTRACT.md). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RedisCommandsGateway.class);

    private final RedisEndpoint endpoint;
    private final Duration commandTimeout;
    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final Object pubSubLock = new Object();
    private StatefulRedisPubSubConnection<String, String> pubSub; // guarded by pubSubLock

    private RedisCommandsGateway(RedisEndpoint endpoint, Duration commandTimeout, AbstractRedisClient client,
            ClientResources resources, StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands) {
        this.endpoint = endpoint;
        this.commandTimeout = commandTimeout;
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        client.addListener(new ReconnectDetector());
    }

    /** Connects with the default command timeout of 100 ms. */
    public static RedisCommandsGateway connect(String url) {
        return connect(url, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * Connects to the server, Sentinel master or Cluster the URL names.
     *
     * @throws IllegalArgumentException for a malformed URL
     * @throws RedisUnavailableException if Redis cannot be reached now (reconnection is automatic
     *     only once connected)
     */
    public static RedisCommandsGateway connect(String url, Duration commandTimeout) {
        RedisEndpoint endpoint = RedisEndpoint.parse(url);
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
        }
        // Connecting — TCP and the HELLO/AUTH handshake, which Lettuce bounds by the URI's timeout — may take
        // longer than one command on a busy machine; commands themselves stay bounded by commandTimeout through
        // the TimeoutOptions below and orTimeout on every future.
        Duration connectTimeout = commandTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? commandTimeout : CONNECT_TIMEOUT;
        for (RedisURI uri : endpoint.uris()) {
            uri.setTimeout(connectTimeout);
        }
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(connectTimeout)
                .keepAlive(true)
                .build();
        TimeoutOptions timeouts = TimeoutOptions.builder().fixedTimeout(commandTimeout).build();
        // Reconnect attempts back off to at most a second (Lettuce's default grows to 30 s), so an instance is
        // back on Redis within about a second of Redis returning, however long the outage was.
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(() -> Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2,
                        TimeUnit.MILLISECONDS))
                .build();
        AbstractRedisClient client = null;
        try {
            if (endpoint.kind() == RedisEndpoint.Kind.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, endpoint.uris());
                client = cluster;
                // Not REJECT_COMMANDS here: node connections open lazily, and a command routed to
                // one still connecting would be rejected. Queued commands are bounded by the timeout.
                cluster.setOptions(ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                        .socketOptions(socket)
                        .timeoutOptions(timeouts)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .build())
                        .build());
                var c = cluster.connect(StringCodec.UTF8);
                return new RedisCommandsGateway(endpoint, commandTimeout, cluster, resources, c, c.async());
            }
            RedisClient single = RedisClient.create(resources, endpoint.uris().get(0));
            client = single;
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .build());
            var c = single.connect(StringCodec.UTF8);
            return new RedisCommandsGateway(endpoint, commandTimeout, single, resources, c, c.async());
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new RedisUnavailableException("cannot connect to Redis at " + endpoint.redacted() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Where it is connected, credentials redacted. */
    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** The bound on every command. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Whether the command connection is currently open. */
    public boolean isConnected() {
        return connection.isOpen();
    }

    // ---- scripts ---------------------------------------------------------------------------------

    /** {@code EVALSHA}; fails with Lettuce's {@code RedisNoScriptException} when the server does not know it. */
    public <T> CompletableFuture<T> evalsha(String sha1, ScriptOutputType type, String[] keys, String... args) {
        return bounded(commands.<T>evalsha(sha1, type, keys, args));
    }

    /** {@code EVAL}: runs the script and leaves it in the server's script cache. */
    public <T> CompletableFuture<T> eval(String script, ScriptOutputType type, String[] keys, String... args) {
        return bounded(commands.<T>eval(script, type, keys, args));
    }

    // ---- strings and keys ------------------------------------------------------------------------

    public CompletableFuture<String> get(String key) {
        return bounded(commands.get(key));
    }

    /** {@code SET key value PX ttl}. */
    public CompletableFuture<String> setPx(String key, String value, Duration ttl) {
        return bounded(commands.set(key, value, SetArgs.Builder.px(ttl.toMillis())));
    }

    /** {@code DEL}; in a Cluster the keys must share a slot (use one hash tag). */
    public CompletableFuture<Long> del(String... keys) {
        return bounded(commands.del(keys));
    }

    /** {@code PTTL}: ms to live, -1 without a TTL, -2 when the key does not exist. */
    public CompletableFuture<Long> pttl(String key) {
        return bounded(commands.pttl(key));
    }

    // ---- pub/sub ---------------------------------------------------------------------------------

    /** {@code PUBLISH}; completes with the number of receivers (in a Cluster: on the node that took it). */
    public CompletableFuture<Long> publish(String channel, String message) {
        return bounded(commands.publish(channel, message));
    }

    /**
     * Calls {@code onMessage} (on a Lettuce I/O thread: keep it short) with every message published
     * on {@code channel}. Subscriptions survive reconnects (Lettuce re-subscribes); messages published
     * while disconnected are lost, which is what {@link #onReconnect} is for.
     */
    public CompletableFuture<Void> subscribe(String channel, Consumer<String> onMessage) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(onMessage, "onMessage");
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onMessage);
        return bounded(pubSub().async().subscribe(channel));
    }

    /**
     * Runs {@code listener} after every reconnect (not the first connect), once the subscriptions
     * are in place again, so that a resync it starts cannot miss a message published after it.
     */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private StatefulRedisPubSubConnection<String, String> pubSub() {
        synchronized (pubSubLock) {
            if (pubSub == null) {
                StatefulRedisPubSubConnection<String, String> c = client instanceof RedisClusterClient cluster
                        ? cluster.connectPubSub(StringCodec.UTF8)
                        : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
                c.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        for (Consumer<String> s : subscribers.getOrDefault(channel, List.of())) {
                            try {
                                s.accept(message);
                            } catch (RuntimeException e) {
                                LOG.warn("subscriber of {} failed", channel, e);
                            }
                        }
                    }
                });
                pubSub = c;
            }
            return pubSub;
        }
    }

    private void reconnected() {
        CompletionStage<Void> resubscribed;
        synchronized (pubSubLock) {
            resubscribed = pubSub == null || subscribers.isEmpty() ? CompletableFuture.completedFuture(null)
                    : pubSub.async().subscribe(subscribers.keySet().toArray(String[]::new));
        }
        resubscribed.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("re-subscribing after a reconnect to {} failed: {}", endpoint.redacted(), failure.toString());
            }
            for (Runnable r : reconnectListeners) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("reconnect listener failed", e);
                }
            }
        });
    }

    /** Notices connections coming back after a disconnect. */
    private final class ReconnectDetector implements RedisConnectionStateListener {
        private final Map<RedisChannelHandler<?, ?>, Boolean> lost = new ConcurrentHashMap<>();

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            lost.put(connection, Boolean.TRUE);
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            if (lost.remove(connection) != null) {
                LOG.info("reconnected to Redis at {}", endpoint.redacted());
                reconnected();
            }
        }
    }

    private <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes the connections and the client, waiting at most a second or two. */
    @Override
    public void close() {
        synchronized (pubSubLock) {
            if (pubSub != null) {
                pubSub.close();
            }
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // Resources passed in are not the client's to shut down.
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisCommandsGateway[" + endpoint + ", timeout " + commandTimeout.toMillis() + " ms]";
    }
}
