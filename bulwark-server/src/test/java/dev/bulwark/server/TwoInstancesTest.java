package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.testkit.PostgresTest;
import dev.bulwark.testkit.RedisServerProcess;
import dev.bulwark.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers on one PostgreSQL schema and one real redis-server: a cluster. Revocations, blocks and limits
 * made through one instance hold on the other, and both ride out Redis being killed and coming back empty.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest {

    static final String OPERATOR = "operator-" + java.util.UUID.randomUUID();
    static final int LIMIT = 20;

    private TestPostgres pg;
    private RedisServerProcess redis;
    private Path dataDir;
    private Path policies;

    @BeforeAll
    void start(TestPostgres pg, @TempDir Path dataDir) throws Exception {
        this.pg = pg;
        this.dataDir = dataDir;
        this.redis = RedisServerProcess.start();
        policies = dataDir.resolve("policies.yaml");
        Files.writeString(policies, """
                policies:
                  - name: api-user
                    match: { paths: ["/api/**"] }
                    key: user
                    algorithm: sliding_window
                    limit: %d
                    period: 1h
                """.formatted(LIMIT));
    }

    @AfterAll
    void stop() {
        redis.close();
    }

    private TestServer instance(MicrosClock clock) throws Exception {
        return TestServer.start(dataDir, TestServer.shared(pg, redis.url(), Map.of(
                "BULWARK_POLICIES", policies.toString(),
                "BULWARK_TRUSTED_PROXIES", "127.0.0.1/32",
                // The load tests below come from one address, faster than the DDoS guard's 100/s: allowlisted,
                // as an operator would allowlist a load generator.
                "BULWARK_DDOS_ALLOWLIST", "127.0.0.1/32",
                "BULWARK_ADMIN_TOKEN_HASH", AdminHttpTest.sha256(OPERATOR))), clock);
    }

    private TestServer instance() throws Exception {
        return instance(MicrosClock.system());
    }

    @Test
    void aLimitOfNPerUserAdmitsExactlyNAcrossInstances() throws Exception {
        try (TestServer one = instance(); TestServer two = instance()) {
            Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "limits-alternate");
            int admitted = 0;
            for (int i = 0; i < LIMIT + 10; i++) {
                HttpJson http = (i % 2 == 0 ? one : two).client();
                int status = http.get("/api/projects", a.access()).status();
                assertThat(status).isIn(200, 429);
                admitted += status == 200 ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(LIMIT);
        }
    }

    @Test
    void underContentionTwoInstancesAdmitExactlyN() throws Exception {
        try (TestServer one = instance(); TestServer two = instance()) {
            Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "limits-contention");
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                HttpJson http = (t % 2 == 0 ? one : two).client();
                calls.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 3; i++) {
                        int status = http.get("/api/projects", a.access()).status();
                        (status == 200 ? admitted : status == 429 ? new AtomicInteger() : other).incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(other).hasValue(0);
            assertThat(admitted).hasValue(LIMIT);
        }
    }

    @Test
    void clocksThatDifferByAMinuteMakeTheSameDecisions() throws Exception {
        MicrosClock aMinuteAhead = () -> MicrosClock.system().nowMicros() + 60_000_000L;
        try (TestServer one = instance(); TestServer two = instance(aMinuteAhead)) {
            Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "limits-skew");
            int admitted = 0;
            for (int i = 0; i < LIMIT + 6; i++) {
                admitted += (i % 2 == 0 ? one : two).client().get("/api/projects", a.access()).status() == 200 ? 1 : 0;
            }
            assertThat(admitted).as("Redis's clock decides, not the instances'").isEqualTo(LIMIT);
        }
    }

    @Test
    void aRevocationThroughOneInstanceHoldsOnTheOtherAndAfterRestarts() throws Exception {
        try (TestServer one = instance(); TestServer two = instance()) {
            Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "revocation-shared");
            assertThat(two.client().get("/auth/me", a.access()).status()).isEqualTo(200);
            assertThat(one.client().post("/auth/logout", "", a.access()).status()).isEqualTo(204);
            assertWithin(1000, () -> two.client().get("/auth/me", a.access()).status() == 401);

            String second = Fixtures.login(two.client(), "revocation-shared", a.email(), Fixtures.PASSWORD)
                    .get("access_token").asText();
            assertThat(two.client().post("/admin/revocations", json("token", second), OPERATOR).status())
                    .isEqualTo(204);
            assertWithin(1000, () -> one.client().get("/auth/me", second).status() == 401);

            one.restart();
            two.restart();
            assertProblem(one.client().get("/auth/me", a.access()), 401);
            assertProblem(two.client().get("/auth/me", second), 401);
        }
    }

    @Test
    void anAddressBlockedThroughOneInstanceIsRefusedByTheOtherWithinOneSecond() throws Exception {
        try (TestServer one = instance(); TestServer two = instance()) {
            String address = "198.51.100." + (1 + new java.util.Random().nextInt(250));
            HttpJson.Response before = two.client().send("GET", "/.well-known/jwks.json", null,
                    "X-Forwarded-For", address);
            assertThat(before.status()).isEqualTo(200);
            assertThat(one.client().post("/admin/blocks", json("ip", address, "ttl_seconds", 300, "reason", "flood"),
                    OPERATOR).status()).isEqualTo(201);
            long start = System.nanoTime();
            assertWithin(1000, () -> two.client().send("GET", "/.well-known/jwks.json", null, "X-Forwarded-For",
                    address).status() == 403);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("block propagated to the second instance in " + millis + " ms");
            assertThat(two.client().delete("/admin/blocks/" + address, OPERATOR).status()).isEqualTo(204);
            assertWithin(1000, () -> one.client().send("GET", "/.well-known/jwks.json", null, "X-Forwarded-For",
                    address).status() == 200);
        }
    }

    @Test
    void redisKilledUnderLoadThenBackEmpty() throws Exception {
        try (TestServer one = instance(); TestServer two = instance()) {
            Fixtures.Account a = Fixtures.registerAndLogin(one.client(), "outage");
            Fixtures.Account b = Fixtures.registerAndLogin(one.client(), "outage-other");
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            List<Long> millis = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                HttpJson http = (t % 2 == 0 ? one : two).client();
                load.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long started = System.nanoTime();
                        statuses.add(http.get("/api/projects", b.access()).status());
                        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            redis.kill();
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(statuses).isNotEmpty().allSatisfy(s -> assertThat(s).isLessThan(500));
            long slowest = Collections.max(millis);
            System.out.println("outage: " + statuses.size() + " requests, slowest " + slowest + " ms");
            assertThat(slowest).as("no request waits on the dead Redis").isLessThan(1000);

            // Rate-limited endpoints keep answering, decided locally.
            assertThat(one.client().get("/api/projects", a.access()).status()).isEqualTo(200);
            for (TestServer s : List.of(one, two)) {
                HttpJson.Response health = s.client().get("/health", null);
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.text("status")).isEqualTo("DEGRADED");
                assertThat(health.json().at("/components/redis/status").asText()).isEqualTo("DEGRADED");
                assertThat(health.json().at("/components/redis/detail").asText()).isNotBlank();
            }
            // A logout during the outage holds on both instances.
            assertThat(two.client().post("/auth/logout", "", a.access()).status()).isEqualTo(204);
            assertWithin(1000, () -> one.client().get("/auth/me", a.access()).status() == 401);
            assertProblem(two.client().get("/auth/me", a.access()), 401);

            // Redis back, empty: both instances recover by themselves, nothing revoked comes back to life.
            redis.restart();
            assertWithin(15_000, () -> {
                one.client().get("/api/projects", b.access());
                two.client().get("/api/projects", b.access());
                return one.client().get("/health", null).text("status").equals("UP")
                        && two.client().get("/health", null).text("status").equals("UP");
            });
            assertProblem(one.client().get("/auth/me", a.access()), 401);
            assertProblem(two.client().get("/auth/me", a.access()), 401);
            assertThat(one.client().get("/auth/me", b.access()).status()).isEqualTo(200);
            // The logout made while Redis was down is in Redis's hot copy now too.
            String key = "bw:{rev:jti:" + jtiOf(a.access()) + "}";
            assertWithin(10_000, () -> redis.call("GET", key) != null);
        }
    }

    static String jtiOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
    }

    static void assertWithin(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + millis + " ms").isTrue();
    }
}
