package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.PASSWORD;
import static dev.bulwark.server.Fixtures.assertProblem;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One tenant can never see or touch another's data, and roles cannot be raised through the API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {

    private TestServer server;
    private HttpJson http;
    private Fixtures.Account alpha;
    private Fixtures.Account beta;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        http = server.client();
        alpha = Fixtures.registerAndLogin(http, "alpha");
        beta = Fixtures.registerAndLogin(http, "beta");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anotherTenantsProjectIsNotFoundOnEveryRoute() {
        String id = http.post("/api/projects", json("name", "secret plans", "description", "alpha only"),
                alpha.access()).text("id");
        assertProblem(http.get("/api/projects/" + id, beta.access()), 404);
        assertProblem(http.put("/api/projects/" + id, json("name", "pwned", "description", "x"), beta.access()), 404);
        assertProblem(http.delete("/api/projects/" + id, beta.access()), 404);
        assertThat(http.get("/api/projects", beta.access()).json().get("items")).isEmpty();
        // Still intact for its owner.
        assertThat(http.get("/api/projects/" + id, alpha.access()).text("name")).isEqualTo("secret plans");
    }

    @Test
    void usersAndKeysAreTenantScoped() {
        List<String> betaEmails = new ArrayList<>();
        for (JsonNode user : http.get("/api/users", beta.access()).json().get("items")) {
            betaEmails.add(user.get("email").asText());
        }
        assertThat(betaEmails).containsExactly(beta.email());

        HttpJson.Response key = http.post("/api/keys", json("name", "ci", "scopes", List.of("projects:read")),
                alpha.access());
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        String keyId = key.text("id");
        assertThat(http.get("/api/keys", beta.access()).json().get("items")).isEmpty();
        assertProblem(http.delete("/api/keys/" + keyId, beta.access()), 404);
        assertThat(http.get("/api/keys", alpha.access()).json().get("items")).hasSize(1);
        assertThat(http.get("/api/keys", alpha.access()).body()).doesNotContain(key.text("key"));
    }

    @Test
    void apiKeysAuthenticateWithinTheirScopesAndDieWhenRevoked() {
        HttpJson.Response created = http.post("/api/keys",
                json("name", "reader", "scopes", List.of("projects:read")), alpha.access());
        String apiKey = created.text("key");
        http.post("/api/projects", json("name", "visible", "description", ""), alpha.access());

        HttpJson.Response me = http.withApiKey("GET", "/auth/me", null, apiKey);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.text("tenant_id")).isEqualTo(alpha.tenantId());
        assertThat(me.text("role")).isEqualTo("member");
        assertThat(http.withApiKey("GET", "/api/projects", null, apiKey).status()).isEqualTo(200);
        assertProblem(http.withApiKey("POST", "/api/projects", json("name", "nope", "description", ""), apiKey),
                403);
        assertProblem(http.withApiKey("POST", "/api/keys", json("name", "more", "scopes", List.of("projects:read")),
                apiKey), 403);

        assertThat(http.delete("/api/keys/" + created.text("id"), alpha.access()).status()).isEqualTo(204);
        assertProblem(http.withApiKey("GET", "/api/projects", null, apiKey), 401);
        assertProblem(http.withApiKey("GET", "/api/projects", null, "bwk_forged_key"), 401);
    }

    @Test
    void rolesCannotBeRaised() {
        HttpJson.Response member = http.post("/api/users", json("email", "m@alpha.example.com", "password", PASSWORD,
                "name", "Member", "role", "member"), alpha.access());
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        String memberToken = Fixtures.login(http, "alpha", "m@alpha.example.com", PASSWORD).get("access_token")
                .asText();

        // A member cannot add users or keys, whatever role it asks for.
        assertProblem(http.post("/api/users", json("email", "x@alpha.example.com", "password", PASSWORD,
                "name", "X", "role", "member"), memberToken), 403);
        assertProblem(http.post("/api/keys", json("name", "k", "scopes", List.of("projects:read")), memberToken),
                403);
        // Nobody creates an owner through the API.
        HttpJson.Response owner = http.post("/api/users", json("email", "o@alpha.example.com", "password", PASSWORD,
                "name", "O", "role", "owner"), alpha.access());
        assertProblem(owner, 422);
        assertThat(owner.json().get("errors").get(0).get("field").asText()).isEqualTo("role");
        // Mass assignment: an extra role field on sign-up is refused, not ignored.
        HttpJson.Response sneaky = http.post("/auth/register", json("email", "e@gamma.example.com", "password",
                PASSWORD, "name", "E", "tenant", "gamma", "role", "admin"), null);
        assertProblem(sneaky, 422);
        // A tenant id in the body of a project cannot redirect the write.
        assertProblem(http.post("/api/projects", json("name", "p", "description", "", "tenant_id", beta.tenantId()),
                alpha.access()), 422);
    }
}
