package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.testkit.RedisClusterProcesses;
import dev.bulwark.testkit.RedisClusterTest;
import dev.bulwark.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same scripts on a three-master Cluster: no CROSSSLOT, the same decisions, pub/sub across nodes. */
@RedisClusterTest
class RedisClusterScriptsTest {

    @Test
    void everyAlgorithmDecidesAsInProcessOnACluster(RedisClusterProcesses cluster) {
        try (RedisCommandsGateway redis = RedisCommandsGateway.connect(cluster.url(), Duration.ofSeconds(2))) {
            assertThat(redis.endpoint().kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
            DifferentialSequence.limits().forEach(limit -> DifferentialSequence.assertSameDecisions(redis, limit,
                    0xC1_05_7E_4L ^ limit.hashCode()));
        }
    }

    @Test
    void keysSpreadOverTheNodesAndNoscriptIsRecoveredOnEach(RedisClusterProcesses cluster) {
        try (RedisCommandsGateway redis = RedisCommandsGateway.connect(cluster.url(), Duration.ofSeconds(2))) {
            RedisRateLimiter limiter = new RedisRateLimiterFactory(redis).create("spread",
                    RateLimit.of(Algorithm.SLIDING_WINDOW, 5, Duration.ofSeconds(30)));
            for (int i = 0; i < 30; i++) {
                assertThat(limiter.acquire("subject-" + i, 1).allowed()).isTrue();
            }
            for (RedisServerProcess node : cluster.nodes()) {
                assertThat((Long) node.call("DBSIZE")).as("keys on %s", node).isPositive();
                node.call("SCRIPT", "FLUSH");
            }
            for (int i = 0; i < 30; i++) {
                assertThat(limiter.acquire("subject-" + i, 1).remaining()).isEqualTo(3);
            }
        }
    }

    @Test
    void pubSubReachesASubscriberConnectedThroughAnotherNode(RedisClusterProcesses cluster) throws Exception {
        try (RedisCommandsGateway a = RedisCommandsGateway.connect(cluster.url(), Duration.ofSeconds(2));
                RedisCommandsGateway b = RedisCommandsGateway.connect(cluster.nodes().get(2).url() + ","
                        + cluster.nodes().get(1).url(), Duration.ofSeconds(2))) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            b.subscribe("bw:test", received::add).get(2, TimeUnit.SECONDS);
            a.publish("bw:test", "hello").get(2, TimeUnit.SECONDS);
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("hello");
        }
    }
}
