package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.PASSWORD;
import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole life of a session over real HTTP, including a server restart on the same data directory. */
class EndToEndFlowTest {

    @TempDir
    Path dataDir;

    @Test
    void registerLoginUseRefreshReuseLogoutRestart() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();

            HttpJson.Response registered = http.post("/auth/register", json("email", "Alice@Example.COM",
                    "password", PASSWORD, "name", "Alice", "tenant", "acme"), null);
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            assertThat(registered.text("role")).isEqualTo("owner");
            assertThat(registered.text("tenant")).isEqualTo("acme");

            JsonNode login = Fixtures.login(http, "acme", "Alice@example.com", PASSWORD);
            assertThat(login.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(login.get("expires_in").asLong()).isEqualTo(900);
            String access = login.get("access_token").asText();
            String refresh = login.get("refresh_token").asText();

            HttpJson.Response me = http.get("/auth/me", access);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.text("email")).isEqualToIgnoringCase("alice@example.com");
            assertThat(me.text("tenant")).isEqualTo("acme");
            assertThat(me.text("role")).isEqualTo("owner");
            assertThat(me.text("user_id")).isEqualTo(registered.text("user_id"));

            HttpJson.Response created = http.post("/api/projects",
                    json("name", "Apollo", "description", "first", "webhook_url", "https://hooks.example.com/a"),
                    access);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String projectId = created.text("id");
            assertThat(created.text("webhook_url")).isEqualTo("https://hooks.example.com/a");
            assertThat(created.text("created_at")).isNotBlank();

            HttpJson.Response list = http.get("/api/projects", access);
            assertThat(list.json().get("items")).hasSize(1);
            HttpJson.Response updated = http.put("/api/projects/" + projectId,
                    json("name", "Apollo 11", "description", "landed"), access);
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.text("name")).isEqualTo("Apollo 11");
            assertThat(http.get("/api/projects/" + projectId, access).text("description")).isEqualTo("landed");
            assertThat(http.delete("/api/projects/" + projectId, access).status()).isEqualTo(204);
            assertThat(http.get("/api/projects/" + projectId, access).status()).isEqualTo(404);

            // Refresh rotates: a new pair, and the old refresh token is spent.
            HttpJson.Response rotated = http.post("/auth/refresh", json("refresh_token", refresh), null);
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String access2 = rotated.text("access_token");
            String refresh2 = rotated.text("refresh_token");
            assertThat(refresh2).isNotEqualTo(refresh);
            assertThat(http.get("/auth/me", access2).status()).isEqualTo(200);

            // Reuse of the spent token: 401, and the whole session dies, including its newest tokens.
            assertProblem(http.post("/auth/refresh", json("refresh_token", refresh), null), 401);
            assertProblem(http.get("/auth/me", access2), 401);
            assertProblem(http.get("/auth/me", access), 401);
            assertProblem(http.post("/auth/refresh", json("refresh_token", refresh2), null), 401);

            // A new login works; logout revokes its access token.
            // Addresses compare without regard to case: one account per address and tenant.
            String access3 = Fixtures.login(http, "acme", "ALICE@example.com", PASSWORD).get("access_token")
                    .asText();
            assertThat(http.get("/auth/me", access3).status()).isEqualTo(200);
            assertThat(http.post("/auth/logout", "", access3).status()).isEqualTo(204);
            HttpJson.Response afterLogout = http.get("/auth/me", access3);
            assertProblem(afterLogout, 401);
            assertThat(afterLogout.header("WWW-Authenticate")).contains("invalid_token");

            // Restart on the same data directory: still revoked, and the user can log in again.
            server.restart();
            HttpJson http2 = server.client();
            assertProblem(http2.get("/auth/me", access3), 401);
            assertProblem(http2.get("/auth/me", access2), 401);
            String fresh = Fixtures.login(http2, "acme", "Alice@example.com", PASSWORD).get("access_token").asText();
            assertThat(http2.get("/auth/me", fresh).status()).isEqualTo(200);
        }
    }

    @Test
    void logoutAllEndsEverySessionOfTheUser() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            Fixtures.Account a = Fixtures.registerAndLogin(http, "globex");
            JsonNode second = Fixtures.login(http, "globex", a.email(), PASSWORD);
            assertThat(http.post("/auth/logout-all", "", a.access()).status()).isEqualTo(204);
            assertProblem(http.get("/auth/me", a.access()), 401);
            assertProblem(http.get("/auth/me", second.get("access_token").asText()), 401);
            assertProblem(http.post("/auth/refresh", json("refresh_token", a.refresh()), null), 401);
            String fresh = Fixtures.login(http, "globex", a.email(), PASSWORD).get("access_token").asText();
            assertThat(http.get("/auth/me", fresh).status()).isEqualTo(200);
            server.restart();
            assertProblem(server.client().get("/auth/me", second.get("access_token").asText()), 401);
            assertThat(server.client().get("/auth/me", fresh).status()).isEqualTo(200);
        }
    }

    @Test
    void loginFailuresAreIndistinguishable() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            Fixtures.Account a = Fixtures.registerAndLogin(http, "initech");
            HttpJson.Response wrongPassword = http.post("/auth/login",
                    json("email", a.email(), "password", "not the password at all", "tenant", "initech"), null);
            HttpJson.Response unknownUser = http.post("/auth/login",
                    json("email", "nobody@initech.example.com", "password", PASSWORD, "tenant", "initech"), null);
            HttpJson.Response unknownTenant = http.post("/auth/login",
                    json("email", a.email(), "password", PASSWORD, "tenant", "no-such-tenant"), null);
            for (HttpJson.Response r : new HttpJson.Response[] {wrongPassword, unknownUser, unknownTenant}) {
                assertProblem(r, 401);
                assertThat(r.body()).isEqualTo(wrongPassword.body());
            }
        }
    }
}
