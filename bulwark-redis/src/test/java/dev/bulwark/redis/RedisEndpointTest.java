package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void standaloneWithUserPasswordAndDatabase() {
        RedisEndpoint e = RedisEndpoint.parse("redis://bw:s3cret@cache.internal:6380/2");
        assertThat(e.kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
        RedisURI uri = e.uris().get(0);
        assertThat(uri.getHost()).isEqualTo("cache.internal");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(2);
        io.lettuce.core.RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("bw");
        assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
        assertThat(e.redacted()).isEqualTo("redis://***@cache.internal:6380/2").doesNotContain("s3cret");
        assertThat(e.toString()).doesNotContain("s3cret");
    }

    @Test
    void tls() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://:pw@cache.internal:6380");
        assertThat(e.kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
        assertThat(e.uris().get(0).isSsl()).isTrue();
    }

    @Test
    void sentinelWithQueryMasterIdAndLettuceFragmentForm() {
        RedisEndpoint q = RedisEndpoint.parse("redis-sentinel://pw@s1:26379,s2:26380/?sentinelMasterId=mymaster");
        assertThat(q.kind()).isEqualTo(RedisEndpoint.Kind.SENTINEL);
        assertThat(q.uris().get(0).getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(q.uris().get(0).getSentinels()).hasSize(2);
        assertThat(q.redacted()).doesNotContain("pw@");
        RedisEndpoint f = RedisEndpoint.parse("redis-sentinel://s1:26379,s2:26380#mymaster");
        assertThat(f.uris().get(0).getSentinelMasterId()).isEqualTo("mymaster");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1:26379"))
                .hasMessageContaining("sentinelMasterId");
    }

    @Test
    void severalRedisUrlsAreACluster() {
        RedisEndpoint e = RedisEndpoint.parse("redis://:pw@10.0.0.1:7000, redis://:pw@10.0.0.2:7001,redis://:pw@10.0.0.3:7002");
        assertThat(e.kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
        assertThat(e.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(e.redacted()).doesNotContain("pw");
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("http://user:hunter2@host:80"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@host:80,memcached://x"))
                .hasMessageNotContaining("hunter2");
    }
}
