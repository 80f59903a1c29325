package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge of the pipeline over real HTTP: client address, DDoS guard, brute-force guard, CORS, limits. */
class EdgeProtectionHttpTest {

    static final String OPERATOR = "operator-" + java.util.UUID.randomUUID();

    @TempDir
    Path dataDir;

    private TestServer behindProxy(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("BULWARK_TRUSTED_PROXIES", "127.0.0.1/32");
        try {
            env.put("BULWARK_ADMIN_TOKEN_HASH", AdminHttpTest.sha256(OPERATOR));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return TestServer.start(dataDir, env);
    }

    private static HttpJson.Response badLoginFrom(HttpJson http, String xff, String email) {
        return http.send("POST", "/auth/login", json("email", email, "password", "wrong password 123",
                "tenant", "acme"), "Content-Type", "application/json", "X-Forwarded-For", xff);
    }

    // ---- client address ------------------------------------------------------------------------------------

    @Test
    void rotatingSpoofedForwardedForFromAnUntrustedPeerStaysInOneBucket() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            for (int i = 1; i <= 10; i++) {
                HttpJson.Response r = badLoginFrom(http, "203.0.113." + i, "u" + i + "@example.com");
                assertThat(r.status()).isEqualTo(401);
            }
            assertProblem(badLoginFrom(http, "198.51.100.200", "other@example.com"), 429);
            // Garbage is not an address either.
            assertProblem(badLoginFrom(http, "not-an-ip, ::::", "other2@example.com"), 429);
        }
    }

    @Test
    void aVictimsAddressInTheHeaderCannotBurnTheVictimsQuota() {
        try (TestServer server = behindProxy(Map.of())) {
            HttpJson http = server.client();
            // The attacker (203.0.113.50, as the proxy saw it) writes the victim's address in front.
            for (int i = 1; i <= 11; i++) {
                HttpJson.Response r = badLoginFrom(http, "198.51.100.77, 203.0.113.50", "a" + i + "@example.com");
                assertThat(r.status()).isEqualTo(i <= 10 ? 401 : 429);
            }
            HttpJson.Response victim = badLoginFrom(http, "198.51.100.77", "victim@example.com");
            assertThat(victim.status()).isEqualTo(401);
            assertThat(victim.header("RateLimit-Remaining")).isEqualTo("9");
        }
    }

    @Test
    void throughATrustedProxyTheRealClientIsFoundAndGarbageIsIgnored() {
        try (TestServer server = behindProxy(Map.of())) {
            HttpJson http = server.client();
            assertThat(badLoginFrom(http, "192.0.2.10", "x@example.com").header("RateLimit-Remaining")).isEqualTo("9");
            assertThat(badLoginFrom(http, "192.0.2.10", "y@example.com").header("RateLimit-Remaining")).isEqualTo("8");
            assertThat(badLoginFrom(http, "192.0.2.11", "z@example.com").header("RateLimit-Remaining")).isEqualTo("9");
            // A hop that does not parse ends the walk at the proxy itself: garbage gets the proxy's bucket.
            assertThat(badLoginFrom(http, "192.0.2.10, garbage", "w@example.com").header("RateLimit-Remaining"))
                    .isEqualTo("9");
            assertThat(badLoginFrom(http, "bogus", "v@example.com").header("RateLimit-Remaining")).isEqualTo("8");
        }
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        try (TestServer server = behindProxy(Map.of())) {
            HttpJson http = server.client();
            for (int i = 1; i <= 10; i++) {
                assertThat(badLoginFrom(http, "2001:db8:1:2::" + Integer.toHexString(i), "v6" + i + "@example.com")
                        .status()).isEqualTo(401);
            }
            assertProblem(badLoginFrom(http, "2001:db8:1:2:ffff:ffff:ffff:ffff", "v6x@example.com"), 429);
            assertThat(badLoginFrom(http, "2001:db8:1:3::1", "v6y@example.com").status()).isEqualTo(401);
        }
    }

    // ---- DDoS guard ----------------------------------------------------------------------------------------

    private static HttpJson.Response getFrom(HttpJson http, String xff) {
        return http.send("GET", "/.well-known/jwks.json", null, "X-Forwarded-For", xff);
    }

    @Test
    void aFloodingAddressIsBlockedWith403BeforeParsingOrAuthAndAnOperatorCanLiftIt() {
        try (TestServer server = behindProxy(Map.of("BULWARK_DDOS_SHORT", "20/1s",
                "BULWARK_DDOS_ALLOWLIST", "198.51.100.0/24"))) {
            HttpJson http = server.client();
            int forbidden = 0;
            for (int i = 0; i < 40; i++) {
                HttpJson.Response r = getFrom(http, "203.0.113.99");
                if (r.status() == 403) {
                    assertProblem(r, 403);
                    forbidden++;
                } else {
                    assertThat(forbidden).as("once blocked, every later request is refused").isZero();
                }
            }
            // How many got through before the block depends on how fast this machine sends (the bucket refills
            // 20 a second); the block itself must come and hold.
            assertThat(forbidden).isGreaterThan(0);
            // Blocked before the body is parsed or the token looked at.
            assertProblem(http.send("POST", "/auth/login", "{not json", "Content-Type", "application/json",
                    "X-Forwarded-For", "203.0.113.99"), 403);
            assertProblem(http.send("GET", "/api/projects", null, "Authorization", "Bearer forged",
                    "X-Forwarded-For", "203.0.113.99"), 403);
            // Others are not affected; allowlisted addresses are never counted.
            assertThat(getFrom(http, "203.0.113.100").status()).isEqualTo(200);
            for (int i = 0; i < 60; i++) {
                assertThat(getFrom(http, "198.51.100.5").status()).isEqualTo(200);
            }
            // The operator sees the automatic block and lifts it.
            HttpJson.Response list = http.get("/admin/blocks", OPERATOR);
            assertThat(list.body()).contains("203.0.113.99", "automatic");
            assertThat(http.delete("/admin/blocks/203.0.113.99", OPERATOR).status()).isEqualTo(204);
            assertThat(getFrom(http, "203.0.113.99").status()).isEqualTo(200);
        }
    }

    @Test
    void shadowModeDecidesBlocksButRejectsNothing() {
        try (TestServer server = behindProxy(Map.of("BULWARK_DDOS_SHORT", "20/1m", "BULWARK_ENFORCEMENT", "shadow"))) {
            HttpJson http = server.client();
            for (int i = 0; i < 40; i++) {
                assertThat(getFrom(http, "203.0.113.98").status()).isEqualTo(200);
            }
            assertThat(http.get("/admin/blocks", OPERATOR).body()).contains("203.0.113.98");
            assertThat(http.post("/admin/blocks", json("ip", "192.0.2.55", "reason", "test"), OPERATOR).status())
                    .isEqualTo(201);
            assertThat(getFrom(http, "192.0.2.55").status()).isEqualTo(200);
        }
    }

    // ---- brute-force guard ---------------------------------------------------------------------------------

    @Test
    void failedLoginsLockTheAccountButTheVictimGetsInFromACleanAddress() {
        try (TestServer server = behindProxy(Map.of())) {
            HttpJson http = server.client();
            Fixtures.Account victim = Fixtures.registerAndLogin(http, "lockco");
            for (int i = 1; i <= 10; i++) {
                HttpJson.Response r = http.send("POST", "/auth/login", json("email", victim.email(),
                        "password", "guess number " + i, "tenant", "lockco"), "Content-Type", "application/json",
                        "X-Forwarded-For", "203.0.113." + (i % 3 + 1));
                assertThat(r.status()).as("attempt " + i).isIn(401, 429);
            }
            HttpJson.Response locked = http.send("POST", "/auth/login", json("email", victim.email(),
                    "password", Fixtures.PASSWORD, "tenant", "lockco"), "Content-Type", "application/json",
                    "X-Forwarded-For", "203.0.113.1");
            assertProblem(locked, 429);
            assertThat(locked.header("Retry-After")).isNotNull();
            // An unknown account with the same history answers the same way.
            for (int i = 1; i <= 10; i++) {
                http.send("POST", "/auth/login", json("email", "ghost@lockco.example.com", "password", "guess " + i,
                        "tenant", "lockco"), "Content-Type", "application/json", "X-Forwarded-For", "192.0.2." + i);
            }
            HttpJson.Response ghost = http.send("POST", "/auth/login", json("email", "ghost@lockco.example.com",
                    "password", "guess", "tenant", "lockco"), "Content-Type", "application/json",
                    "X-Forwarded-For", "192.0.2.1");
            assertProblem(ghost, 429);
            assertThat(ghost.json().get("title")).isEqualTo(locked.json().get("title"));
            // The victim, from an address with no failures, gets in; the success resets the account.
            HttpJson.Response ok = http.send("POST", "/auth/login", json("email", victim.email(),
                    "password", Fixtures.PASSWORD, "tenant", "lockco"), "Content-Type", "application/json",
                    "X-Forwarded-For", "198.51.100.20");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            HttpJson.Response after = http.send("POST", "/auth/login", json("email", victim.email(),
                    "password", Fixtures.PASSWORD, "tenant", "lockco"), "Content-Type", "application/json",
                    "X-Forwarded-For", "203.0.113.1");
            assertThat(after.status()).isEqualTo(200);
        }
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            Fixtures.Account account = Fixtures.registerAndLogin(http, "sameco");
            HttpJson.Response wrong = http.post("/auth/login", json("email", account.email(), "password",
                    "not the password 1", "tenant", "sameco"), null);
            HttpJson.Response unknown = http.post("/auth/login", json("email", "nobody@sameco.example.com",
                    "password", "not the password 1", "tenant", "sameco"), null);
            HttpJson.Response noTenant = http.post("/auth/login", json("email", account.email(), "password",
                    "not the password 1", "tenant", "no-such-tenant"), null);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(noTenant.status()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo(wrong.body());
            assertThat(noTenant.body()).isEqualTo(wrong.body());
            assertThat(unknown.header("WWW-Authenticate")).isEqualTo(wrong.header("WWW-Authenticate"));
        }
    }

    @Test
    void refreshAndRegistrationFailuresThrottleTheAddress() {
        // Fewer free failures than the per-address rate limits (10 refreshes in a burst, 10 sign-ups an hour).
        try (TestServer server = behindProxy(Map.of("BULWARK_ADDRESS_FREE_FAILURES", "3",
                "BULWARK_ADDRESS_LOCKOUT_FAILURES", "6"))) {
            HttpJson http = server.client();
            for (int i = 1; i <= 4; i++) {
                HttpJson.Response r = http.send("POST", "/auth/refresh", json("refresh_token", "forged-" + i),
                        "Content-Type", "application/json", "X-Forwarded-For", "203.0.113.7");
                assertThat(r.status()).isEqualTo(401);
            }
            HttpJson.Response throttled = http.send("POST", "/auth/refresh", json("refresh_token", "forged"),
                    "Content-Type", "application/json", "X-Forwarded-For", "203.0.113.7");
            assertProblem(throttled, 429);
            assertThat(http.send("POST", "/auth/refresh", json("refresh_token", "forged"), "Content-Type",
                    "application/json", "X-Forwarded-For", "203.0.113.8").status()).isEqualTo(401);

            Fixtures.registerAndLogin(http, "takenco");
            String again = json("email", "x@takenco.example.com", "password", Fixtures.PASSWORD, "name", "Second Owner",
                    "tenant", "takenco");
            for (int i = 1; i <= 4; i++) {
                assertThat(http.send("POST", "/auth/register", again, "Content-Type", "application/json",
                        "X-Forwarded-For", "203.0.113.9").status()).isEqualTo(409);
            }
            assertProblem(http.send("POST", "/auth/register", again, "Content-Type", "application/json",
                    "X-Forwarded-For", "203.0.113.9"), 429);
        }
    }

    // ---- HTTP hardening ------------------------------------------------------------------------------------

    @Test
    void corsAllowsExactlyTheConfiguredOrigins() {
        try (TestServer server = TestServer.start(dataDir, Map.of("BULWARK_CORS_ORIGINS", "https://app.example.com"))) {
            HttpJson http = server.client();
            HttpJson.Response preflight = http.send("OPTIONS", "/api/projects", null, "Origin",
                    "https://app.example.com", "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization, content-type");
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
            assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

            for (String foreign : new String[] {"https://evil.example.com", "https://app.example.com.evil.com",
                    "http://app.example.com", "null"}) {
                HttpJson.Response bad = http.send("OPTIONS", "/api/projects", null, "Origin", foreign,
                        "Access-Control-Request-Method", "POST");
                assertProblem(bad, 403);
                assertThat(bad.header("Access-Control-Allow-Origin")).as(foreign).isNull();
                HttpJson.Response simple = http.send("GET", "/health", null, "Origin", foreign);
                assertThat(simple.header("Access-Control-Allow-Origin")).as(foreign).isNull();
            }
            HttpJson.Response allowed = http.send("GET", "/health", null, "Origin", "https://app.example.com");
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(allowed.header("Vary")).contains("Origin");
        }
    }

    @Test
    void oversizedHeadersAre431AndHstsOnlyOverHttps() {
        try (TestServer server = behindProxy(Map.of())) {
            HttpJson http = server.client();
            HttpJson.Response big = http.send("GET", "/health", null, "X-Padding", "a".repeat(20 * 1024));
            assertThat(big.status()).isEqualTo(431);
            assertThat(big.body()).doesNotContainIgnoringCase("jetty");

            assertThat(http.get("/health", null).header("Strict-Transport-Security")).isNull();
            assertThat(http.send("GET", "/health", null, "X-Forwarded-Proto", "https")
                    .header("Strict-Transport-Security")).startsWith("max-age=");
        }
        try (TestServer server = TestServer.start(dataDir)) {
            // Not from a trusted proxy: the header is the client's claim, not believed.
            assertThat(server.client().send("GET", "/health", null, "X-Forwarded-Proto", "https")
                    .header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void aBodyThatTricklesInIsCutOffLongBeforeItEnds() throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 400\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // One byte every 300 ms: never idle for the 10 s idle timeout, but ~3 B/s, far under the minimum rate.
            // Sending all 400 bytes would take two minutes; the server must hang up well before.
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 60 && !cut; i++) {
                try {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(300);
                } catch (java.io.IOException closed) {
                    cut = true;
                }
                if (!cut && socket.getInputStream().available() > 0) {
                    cut = true;
                }
            }
            long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(cut).as("the server answered or hung up within " + seconds + " s of trickling").isTrue();
        }
    }

    @Test
    void aSlowBodyClientIsCutOff() throws Exception {
        try (TestServer server = TestServer.start(dataDir, Map.of("BULWARK_IDLE_TIMEOUT", "1s"));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200\r\n\r\n{\"email\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            String answer = "";
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    answer += new String(buffer, 0, n, StandardCharsets.US_ASCII);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a stalled request open for 15 s", e);
            } catch (java.net.SocketException reset) {
                // A reset is a cut-off too.
            }
            assertThat(answer).doesNotContain("200 OK");
        }
    }
}
