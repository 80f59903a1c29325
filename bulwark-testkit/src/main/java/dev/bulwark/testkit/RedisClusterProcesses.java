package dev.bulwark.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters (no replicas) on {@code 127.0.0.1}, each a {@link
 * RedisServerProcess}, formed over raw RESP — {@code CLUSTER ADDSLOTS} splits the 16384 slots in
 * three, {@code CLUSTER MEET} introduces the nodes — so no {@code redis-cli} is needed (and
 * {@code ADDSLOTS}, unlike {@code ADDSLOTSRANGE}, works on the Redis 6.2 the embedded-redis jar
 * ships). Returns once every node reports {@code cluster_state:ok} and knows all three nodes.
 *
 * <pre>{@code
 * try (RedisClusterProcesses cluster = RedisClusterProcesses.start()) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.url()); // or RedisConnector
 * }
 * }</pre>
 */
public final class RedisClusterProcesses implements AutoCloseable {

    private static final int SLOTS = 16_384;
    private static final int NODES = 3;
    private static final long FORM_TIMEOUT_MILLIS = 30_000;

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcesses(List<RedisServerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Three masters with default options. */
    public static RedisClusterProcesses start() {
        return start(RedisServerProcess.Options.defaults());
    }

    /** Three masters with {@code options} (cluster mode is switched on whatever they say). */
    public static RedisClusterProcesses start(RedisServerProcess.Options options) {
        Objects.requireNonNull(options, "options");
        List<RedisServerProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                started.add(RedisServerProcess.start(options.withClusterEnabled()));
            }
            form(started);
            return new RedisClusterProcesses(started);
        } catch (RuntimeException e) {
            started.forEach(RedisServerProcess::close);
            throw e;
        }
    }

    /** The three nodes, in slot order (the first holds slots from 0). */
    public List<RedisServerProcess> nodes() {
        return nodes;
    }

    /** The nodes' {@code redis://} URLs, comma-separated: the Cluster form of a Bulwark Redis URL. */
    public String url() {
        return nodes.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    /** Kills every node and deletes their temp directories. */
    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }

    @Override
    public String toString() {
        return "RedisClusterProcesses" + nodes.stream().map(n -> Integer.toString(n.port())).toList();
    }

    private static void form(List<RedisServerProcess> nodes) {
        try {
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size(); // exclusive
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = from; slot < to; slot++) {
                    command.add(Integer.toString(slot));
                }
                try (RespConnection c = nodes.get(i).connect(5_000)) {
                    c.call(command.toArray(String[]::new));
                }
            }
            try (RespConnection c = nodes.get(0).connect(5_000)) {
                for (RedisServerProcess other : nodes.subList(1, nodes.size())) {
                    c.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(other.port()));
                }
            }
            awaitFormed(nodes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot form a cluster of " + nodes + ": " + e.getMessage(), e);
        }
    }

    private static void awaitFormed(List<RedisServerProcess> nodes) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FORM_TIMEOUT_MILLIS);
        String lastInfo = "";
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                try (RespConnection c = node.connect(5_000)) {
                    lastInfo = (String) c.call("CLUSTER", "INFO");
                }
                if (!lastInfo.contains("cluster_state:ok") || !lastInfo.contains("cluster_known_nodes:" + nodes.size())
                        || !lastInfo.contains("cluster_slots_ok:" + SLOTS)) {
                    allOk = false;
                    break;
                }
            }
            if (allOk) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("cluster " + nodes + " did not reach cluster_state:ok within "
                + FORM_TIMEOUT_MILLIS + " ms; last CLUSTER INFO:\n" + lastInfo);
    }
}
