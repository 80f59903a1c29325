package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testkit.PostgresTest;
import dev.bulwark.testkit.RedisClusterProcesses;
import dev.bulwark.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow with BULWARK_REDIS_URL naming a 3-master Redis Cluster: no CROSSSLOT, no 5xx, shared state. */
@PostgresTest
class RedisClusterModeTest {

    @Test
    void twoInstancesOnARedisCluster(TestPostgres pg, @TempDir Path dataDir) throws Exception {
        Path policies = dataDir.resolve("policies.yaml");
        Files.writeString(policies, """
                policies:
                  - name: api-user
                    match: { paths: ["/api/**"] }
                    key: user
                    algorithm: token_bucket
                    limit: 1
                    period: 1h
                    burst: 12
                  - name: api-tenant
                    match: { paths: ["/api/**"] }
                    key: tenant
                    algorithm: gcra
                    limit: 1000
                    period: 1m
                    burst: 100
                  - name: login
                    match: { paths: ["/auth/login"], methods: [POST] }
                    key: ip
                    algorithm: fixed_window
                    limit: 100
                    period: 1m
                """);
        try (RedisClusterProcesses cluster = RedisClusterProcesses.start()) {
            Map<String, String> env = TestServer.shared(pg, cluster.url(), Map.of("BULWARK_POLICIES",
                    policies.toString()));
            try (TestServer one = TestServer.start(dataDir, env); TestServer two = TestServer.start(dataDir, env)) {
                assertThat(one.client().get("/health", null).text("status")).isEqualTo("UP");
                Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "on-a-cluster");
                int admitted = 0;
                for (int i = 0; i < 16; i++) {
                    HttpJson.Response r = (i % 2 == 0 ? one : two).client().get("/api/projects", a.access());
                    assertThat(r.status()).as(r.body()).isIn(200, 429);
                    admitted += r.status() == 200 ? 1 : 0;
                }
                assertThat(admitted).isEqualTo(12);
                String refreshed = two.client().post("/auth/refresh", json("refresh_token", a.refresh()), null)
                        .text("access_token");
                assertThat(one.client().post("/auth/logout", "", refreshed).status()).isEqualTo(204);
                TwoInstancesTest.assertWithin(1000, () -> two.client().get("/auth/me", refreshed).status() == 401);
                for (TestServer s : List.of(one, two)) {
                    assertThat(s.client().get("/health", null).text("status")).isEqualTo("UP");
                }
                assertProblem(one.client().get("/auth/me", refreshed), 401);
            }
        }
    }
}
