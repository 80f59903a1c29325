package dev.bulwark.server;

import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testkit.PostgresTest;
import dev.bulwark.testkit.RedisServerProcess;
import dev.bulwark.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The DDoS and brute-force guards on two real instances sharing one PostgreSQL schema and one redis-server. */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeTwoInstancesTest {

    private TestPostgres pg;
    private RedisServerProcess redis;
    private Path dataDir;

    @BeforeAll
    void start(TestPostgres pg, @TempDir Path dataDir) {
        this.pg = pg;
        this.dataDir = dataDir;
        this.redis = RedisServerProcess.start();
    }

    @AfterAll
    void stop() {
        redis.close();
    }

    private TestServer instance() {
        return TestServer.start(dataDir, TestServer.shared(pg, redis.url(), Map.of(
                "BULWARK_TRUSTED_PROXIES", "127.0.0.1/32", "BULWARK_DDOS_SHORT", "30/1m")));
    }

    @Test
    void aFloodSpreadOverTwoInstancesIsCountedOnceAndTheBlockHoldsOnBoth() throws Exception {
        try (TestServer a = instance(); TestServer b = instance()) {
            HttpJson ha = a.client();
            HttpJson hb = b.client();
            int passed = 0;
            for (int i = 0; i < 40; i++) {
                HttpJson http = i % 2 == 0 ? ha : hb;
                if (http.send("GET", "/.well-known/jwks.json", null, "X-Forwarded-For", "203.0.113.77").status()
                        == 200) {
                    passed++;
                }
            }
            // One shared bucket of 30 (refilling one every 2 s, so a slow machine barely moves it), not 30 per
            // instance.
            assertThat(passed).isBetween(30, 32);
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline
                    && (status(ha, "203.0.113.77") != 403 || status(hb, "203.0.113.77") != 403)) {
                Thread.sleep(50);
            }
            assertThat(status(ha, "203.0.113.77")).isEqualTo(403);
            assertThat(status(hb, "203.0.113.77")).isEqualTo(403);
            assertThat(status(hb, "203.0.113.78")).isEqualTo(200);
        }
    }

    @Test
    void failedLoginsOnEitherInstanceLockTheAccountOnBoth() {
        try (TestServer a = instance(); TestServer b = instance()) {
            HttpJson ha = a.client();
            HttpJson hb = b.client();
            Fixtures.Account victim = Fixtures.registerAndLogin(ha, "sharedlock");
            for (int i = 1; i <= 10; i++) {
                HttpJson http = i % 2 == 0 ? ha : hb;
                // A fresh address per attempt: each passes any delay (the yield), and every one is a counted failure.
                http.send("POST", "/auth/login", json("email", victim.email(), "password", "guess " + i,
                        "tenant", "sharedlock"), "Content-Type", "application/json",
                        "X-Forwarded-For", "192.0.2." + i);
            }
            for (HttpJson http : new HttpJson[] {ha, hb}) {
                HttpJson.Response r = http.send("POST", "/auth/login", json("email", victim.email(),
                        "password", Fixtures.PASSWORD, "tenant", "sharedlock"), "Content-Type", "application/json",
                        "X-Forwarded-For", "192.0.2.3");
                Fixtures.assertProblem(r, 429);
            }
        }
    }

    private static int status(HttpJson http, String address) {
        return http.send("GET", "/.well-known/jwks.json", null, "X-Forwarded-For", address).status();
    }
}
