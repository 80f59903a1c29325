package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin} with the operator token: revocations and address blocks, on one real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHttpTest {

    static final String OPERATOR_TOKEN = "operator-" + java.util.UUID.randomUUID();
    private TestServer server;
    private HttpJson http;
    private Fixtures.Account account;

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = TestServer.start(dataDir, Map.of("BULWARK_ADMIN_TOKEN_HASH", sha256(OPERATOR_TOKEN),
                "BULWARK_TRUSTED_PROXIES", "127.0.0.1/32"));
        http = server.client();
        account = Fixtures.registerAndLogin(http, "admin-test");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void onlyTheOperatorTokenOpensAdmin() {
        assertProblem(http.get("/admin/blocks", null), 401);
        assertProblem(http.get("/admin/blocks", account.access()), 403);
        assertProblem(http.get("/admin/blocks", "wrong-token"), 403);
        assertThat(http.get("/admin/blocks", OPERATOR_TOKEN).status()).isEqualTo(200);
        // ... and the operator token is no tenant credential.
        assertProblem(http.get("/auth/me", OPERATOR_TOKEN), 401);
        assertProblem(http.get("/api/projects", OPERATOR_TOKEN), 401);
    }

    @Test
    void revokingByTokenAndByJti() {
        String victim = Fixtures.login(http, "admin-test", account.email(), Fixtures.PASSWORD).get("access_token")
                .asText();
        assertThat(http.get("/auth/me", victim).status()).isEqualTo(200);
        assertThat(http.post("/admin/revocations", json("token", victim), OPERATOR_TOKEN).status()).isEqualTo(204);
        assertProblem(http.get("/auth/me", victim), 401);
        // Revoking it again is harmless.
        assertThat(http.post("/admin/revocations", json("token", victim), OPERATOR_TOKEN).status()).isEqualTo(204);

        String other = Fixtures.login(http, "admin-test", account.email(), Fixtures.PASSWORD).get("access_token")
                .asText();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(other.split("\\.")[1]),
                StandardCharsets.UTF_8);
        String jti = payload.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
        String exp = Instant.now().plusSeconds(900).toString();
        assertThat(http.post("/admin/revocations", json("jti", jti, "expires_at", exp), OPERATOR_TOKEN).status())
                .isEqualTo(204);
        assertProblem(http.get("/auth/me", other), 401);

        assertProblem(http.post("/admin/revocations", json("token", "not.a.token"), OPERATOR_TOKEN), 422);
        assertProblem(http.post("/admin/revocations", json("jti", "../x", "expires_at", exp), OPERATOR_TOKEN), 422);
        assertProblem(http.post("/admin/revocations", json("jti", "abc", "expires_at", "tomorrow"), OPERATOR_TOKEN),
                422);
        assertProblem(http.post("/admin/revocations", "{}", OPERATOR_TOKEN), 422);
    }

    @Test
    void blockingAnAddressRefusesItBeforeAnythingElseAndUnblockingLiftsIt() {
        String[] client = {"X-Forwarded-For", "203.0.113.50"};
        assertThat(http.send("GET", "/auth/me", null, client[0], client[1], "Authorization",
                "Bearer " + account.access()).status()).isEqualTo(200);

        HttpJson.Response created = http.post("/admin/blocks",
                json("ip", "203.0.113.50", "ttl_seconds", 600, "reason", "credential stuffing"), OPERATOR_TOKEN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("expires_at")).isNotNull();

        HttpJson.Response refused = http.send("POST", "/auth/login", "{not even json", client[0], client[1],
                "Content-Type", "application/json");
        assertProblem(refused, 403);
        assertProblem(http.send("GET", "/auth/me", null, client[0], client[1], "Authorization",
                "Bearer " + account.access()), 403);
        assertThat(http.get("/auth/me", account.access()).status()).as("other addresses are unaffected")
                .isEqualTo(200);
        assertThat(http.get("/admin/blocks", OPERATOR_TOKEN).json().get("items").toString())
                .contains("203.0.113.50", "credential stuffing");

        assertThat(http.delete("/admin/blocks/203.0.113.50", OPERATOR_TOKEN).status()).isEqualTo(204);
        assertThat(http.send("GET", "/auth/me", null, client[0], client[1], "Authorization",
                "Bearer " + account.access()).status()).isEqualTo(200);
        assertProblem(http.delete("/admin/blocks/203.0.113.50", OPERATOR_TOKEN), 404);
    }

    @Test
    void ipv4MappedIpv6IsTheSameAddressAndBadBlocksAre422() {
        assertThat(http.post("/admin/blocks", json("ip", "::ffff:198.51.100.7", "reason", "test"), OPERATOR_TOKEN)
                .text("ip")).isEqualTo("198.51.100.7");
        assertProblem(http.send("GET", "/health/../auth/me", null, "X-Forwarded-For", "198.51.100.7"), 403);
        assertThat(http.delete("/admin/blocks/198.51.100.7", OPERATOR_TOKEN).status()).isEqualTo(204);

        assertProblem(http.post("/admin/blocks", json("ip", "example.com", "reason", "x"), OPERATOR_TOKEN), 422);
        assertProblem(http.post("/admin/blocks", json("ip", "10.0.0.1", "reason", "x", "ttl_seconds", 0),
                OPERATOR_TOKEN), 422);
        assertProblem(http.post("/admin/blocks", json("ip", "10.0.0.1"), OPERATOR_TOKEN), 422);
    }
}
