package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisCommandsGatewayTest {

    @Test
    void stringsKeysAndAuthWithAPassword() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withPassword("pw-123"));
                RedisCommandsGateway redis = RedisCommandsGateway.connect(server.url())) {
            assertThat(redis.commandTimeout()).isEqualTo(Duration.ofMillis(100));
            assertThat(redis.toString()).doesNotContain("pw-123");
            assertThat(redis.setPx("k", "v", Duration.ofSeconds(10)).get()).isEqualTo("OK");
            assertThat(redis.get("k").get()).isEqualTo("v");
            assertThat(redis.pttl("k").get()).isBetween(1L, 10_000L);
            assertThat(redis.del("k").get()).isEqualTo(1L);
            assertThat(redis.get("k").get()).isNull();
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        try (RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withPassword("right"))) {
            assertThatThrownBy(() -> RedisCommandsGateway.connect("redis://:wrong-pw@127.0.0.1:" + server.port()))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageNotContaining("wrong-pw");
        }
    }

    @Test
    void aPausedServerCostsACommandNoMoreThanTheTimeout() {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisCommandsGateway redis = RedisCommandsGateway.connect(server.url())) {
            server.pause();
            long start = System.nanoTime();
            assertThatThrownBy(() -> redis.get("k").get()).isInstanceOf(ExecutionException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
            server.resume();
        }
    }

    @Test
    void subscriptionsSurviveARestartAndReconnectListenersRun() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
                RedisCommandsGateway subscriber = RedisCommandsGateway.connect(server.url(), Duration.ofSeconds(1))) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            Semaphore reconnects = new Semaphore(0);
            subscriber.subscribe("bw:revocations", received::add).get(1, TimeUnit.SECONDS);
            subscriber.onReconnect(reconnects::release);
            try (RedisCommandsGateway publisher = RedisCommandsGateway.connect(server.url())) {
                publisher.publish("bw:revocations", "jti-1").get();
            }
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("jti-1");

            server.kill();
            server.restart();
            assertThat(reconnects.tryAcquire(15, TimeUnit.SECONDS)).as("reconnect listener ran").isTrue();
            try (RedisCommandsGateway publisher = RedisCommandsGateway.connect(server.url())) {
                long receivers = publisher.publish("bw:revocations", "jti-2").get();
                assertThat(receivers).isEqualTo(1L);
            }
            assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("jti-2");
        }
    }
}
