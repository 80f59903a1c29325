package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTest
class RedisServerProcessTest {

    @Test
    void startsOnAFreePortAndAnswersPing(RedisServerProcess redis) {
        assertThat(redis.port()).isNotEqualTo(6379);
        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(redis.call("PING")).isEqualTo("PONG");
        assertThat(redis.call("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
        assertThat(redis.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
    }

    @Test
    void theClassSharesOneProcess(RedisServerProcess a, RedisServerProcess b) {
        assertThat(a).isSameAs(b);
    }

    @Test
    void killThenRestartComesBackEmptyOnTheSamePort() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            int port = redis.port();
            redis.call("SET", "k", "v");
            redis.kill();
            assertThat(redis.isAlive()).isFalse();
            assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(IllegalStateException.class);
            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.call("GET", "k")).isNull();
            assertThat(redis.call("DBSIZE")).isEqualTo(0L);
        }
    }

    @Test
    void withAppendOnlyARestartAfterAKillKeepsTheData() {
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withAppendOnly())) {
            redis.call("SET", "k", "v");
            redis.kill();
            redis.restart();
            assertThat(redis.call("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void stopIsCleanAndRestartWorksAfterIt() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis.stop();
            assertThat(redis.isAlive()).isFalse();
            redis.restart();
            assertThat(redis.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void pausedServerTimesAClientOutAndResumeBringsItBack() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis.pause();
            try (RespConnection c = RespConnection.open(redis.port(), 300)) { // the kernel still accepts
                assertThatThrownBy(() -> c.call("PING")).isInstanceOf(SocketTimeoutException.class);
            }
            redis.resume();
            assertThat(redis.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void passwordIsRequired() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withPassword("s3cret"))) {
            assertThat(redis.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
            try (RespConnection c = RespConnection.open(redis.port(), 2_000)) {
                assertThatThrownBy(() -> c.call("GET", "k")).hasMessageStartingWith("NOAUTH");
                assertThatThrownBy(() -> c.call("AUTH", "wrong")).hasMessageContaining("WRONGPASS");
                assertThat(c.call("AUTH", "s3cret")).isEqualTo("OK");
                assertThat(c.call("PING")).isEqualTo("PONG");
            }
            assertThat(redis.call("PING")).isEqualTo("PONG"); // call() authenticates
        }
    }

    @Test
    void theBinaryShippedInTheEmbeddedRedisJarRuns() {
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withShippedBinary())) {
            assertThat(redis.call("PING")).isEqualTo("PONG");
            assertThat((String) redis.call("INFO", "server")).contains("redis_version:6.2");
        }
    }

    @Test
    void aServerThatCannotStartSaysWhyWithTheEndOfItsLog() {
        assertThatThrownBy(() -> RedisServerProcess.start(RedisServerProcess.Options.defaults()
                .withSetting("maxmemory-policy", "no-such-policy")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("maxmemory-policy");
    }

    @Test
    void closeDeletesTheTempDirectory() {
        RedisServerProcess redis = RedisServerProcess.start();
        redis.close();
        assertThat(redis.directory()).doesNotExist();
        assertThat(redis.isAlive()).isFalse();
    }
}
