package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate-limit policies over real HTTP: headers, 429, bypass attempts, shadow and off modes, policy files. */
class RateLimitHttpTest {

    @TempDir
    Path dataDir;

    private static final java.util.concurrent.atomic.AtomicInteger ATTEMPT = new java.util.concurrent.atomic.AtomicInteger();

    /** A wrong login for a new account each time, so the brute-force guard's account delay stays out of the way. */
    private static String badLogin() {
        return json("email", "nobody" + ATTEMPT.incrementAndGet() + "@example.com", "password", "wrong password 123",
                "tenant", "acme");
    }

    @Test
    void loginPolicyRejectsTheEleventhAttemptWithHeaders() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            for (int i = 1; i <= 10; i++) {
                HttpJson.Response r = http.post("/auth/login", badLogin(), null);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.header("RateLimit-Limit")).isEqualTo("10");
                assertThat(r.header("RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
                assertThat(r.header("RateLimit-Policy")).isEqualTo("10;w=60;name=\"login\"");
            }
            HttpJson.Response limited = http.post("/auth/login", badLogin(), null);
            assertProblem(limited, 429);
            assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(Long.parseLong(limited.header("RateLimit-Reset"))).isBetween(1L, 60L);

            // Path variants and a spoofed X-Forwarded-For from an untrusted peer land in the same bucket.
            for (String path : List.of("/auth/login/", "//auth/login", "/auth//login")) {
                HttpJson.Response variant = http.post(path, badLogin(), null);
                assertThat(variant.status()).as(path).isIn(404, 429);
                assertThat(variant.status()).as(path + " must not reach the login handler").isNotEqualTo(401);
            }
            HttpJson.Response spoofed = http.send("POST", "/auth/login", badLogin(), "Content-Type",
                    "application/json", "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=198.51.100.1");
            assertThat(spoofed.status()).isEqualTo(429);
        }
    }

    @Test
    void shadowModeDecidesAndReportsButRejectsNothing() {
        try (TestServer server = TestServer.start(dataDir, Map.of("BULWARK_ENFORCEMENT", "shadow"))) {
            HttpJson http = server.client();
            for (int i = 0; i < 12; i++) {
                HttpJson.Response r = http.post("/auth/login", badLogin(), null);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.header("RateLimit-Limit")).isEqualTo("10");
            }
            assertThat(http.post("/auth/login", badLogin(), null).header("RateLimit-Remaining")).isEqualTo("0");
        }
    }

    @Test
    void offModeAndLegacySwitchSkipLimits() {
        try (TestServer server = TestServer.start(dataDir, Map.of("USE_NEW_SECURITY", "false"))) {
            HttpJson http = server.client();
            for (int i = 0; i < 12; i++) {
                HttpJson.Response r = http.post("/auth/login", badLogin(), null);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.header("RateLimit-Limit")).isNull();
            }
        }
    }

    @Test
    void aPolicyFileReplacesTheDefaultsAndTheMostRestrictiveIsReported() throws Exception {
        Path policies = dataDir.resolve("policies.yaml");
        Files.writeString(policies, """
                policies:
                  - name: api-user
                    match: { paths: ["/api/**"] }
                    key: user
                    algorithm: token_bucket
                    limit: 100
                    period: 1m
                    burst: 50
                  - name: projects-tight
                    match: { paths: ["/api/projects"], methods: [GET] }
                    key: user
                    algorithm: fixed_window
                    limit: 3
                    period: 1h
                """);
        try (TestServer server = TestServer.start(dataDir, Map.of("BULWARK_POLICIES", policies.toString()))) {
            HttpJson http = server.client();
            Fixtures.Account a = Fixtures.registerAndLogin(http, "policy-file");
            for (int i = 0; i < 3; i++) {
                HttpJson.Response r = http.get("/api/projects", a.access());
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("RateLimit-Policy")).isEqualTo("3;w=3600;name=\"projects-tight\"");
            }
            HttpJson.Response limited = http.get("/api/projects", a.access());
            assertProblem(limited, 429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
            // Other endpoints only see the looser policy; the per-user bucket is not the address's.
            HttpJson.Response users = http.get("/api/users", a.access());
            assertThat(users.status()).isEqualTo(200);
            assertThat(users.header("RateLimit-Policy")).isEqualTo("100;w=60;name=\"api-user\"");
            // The defaults are gone: login is not limited any more.
            assertThat(http.post("/auth/login", badLogin(), null).header("RateLimit-Limit")).isNull();
        }
    }
}
