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

/** Every kind of bad input is a clear 4xx problem, never a 500 or a stack trace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private TestServer server;
    private HttpJson http;
    private Fixtures.Account account;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        http = server.client();
        account = Fixtures.registerAndLogin(http, "inputs");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.post("/api/projects", "{\"name\": ", account.access()), 400);
        assertProblem(http.post("/api/projects", "not json", account.access()), 400);
        assertProblem(http.post("/api/projects", "[1,2]", account.access()), 400);
        assertProblem(http.post("/api/projects", "{\"name\":\"a\"} trailing", account.access()), 400);
        assertProblem(http.post("/api/projects", "{\"name\":\"a\",\"name\":\"b\"}", account.access()), 400);
        assertProblem(http.post("/api/projects", "", account.access()), 400);
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "{\"name\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertProblem(http.post("/api/projects", deep, account.access()), 400);
    }

    @Test
    void wrongTypesAndUnknownFieldsAre422WithTheField() {
        HttpJson.Response wrongType = http.post("/api/projects", "{\"name\": 123, \"description\": \"x\"}",
                account.access());
        assertProblem(wrongType, 422);
        assertThat(fields(wrongType)).containsExactly("name");
        HttpJson.Response object = http.post("/api/projects", "{\"name\": {\"a\":1}}", account.access());
        assertProblem(object, 422);
        HttpJson.Response unknown = http.post("/api/projects", json("name", "p", "colour", "red"), account.access());
        assertProblem(unknown, 422);
        assertThat(fields(unknown)).containsExactly("colour");
        // Every wrong type and unknown field at once, in document order, not only the first one.
        HttpJson.Response project = http.post("/api/projects",
                "{\"name\":123,\"description\":true,\"webhook_url\":5,\"x\":1}", account.access());
        assertProblem(project, 422);
        assertThat(fields(project)).containsExactly("name", "description", "webhook_url", "x");
        assertThat(messages(project)).containsExactly("must be a string", "must be a string", "must be a string",
                "unknown field");
        HttpJson.Response register = http.post("/auth/register",
                "{\"email\":1,\"password\":2,\"name\":3,\"tenant\":4}", null);
        assertProblem(register, 422);
        assertThat(fields(register)).containsExactly("email", "password", "name", "tenant");
        HttpJson.Response key = http.post("/api/keys", "{\"name\":\"ci\",\"scopes\":[\"projects:read\",7],"
                + "\"role\":\"owner\"}", account.access());
        assertProblem(key, 422);
        assertThat(fields(key)).containsExactly("scopes[1]", "role");
    }

    @Test
    void oversizedBodyIs413() {
        String big = json("name", "p", "description", "x".repeat(70 * 1024));
        assertProblem(http.post("/api/projects", big, account.access()), 413);
    }

    @Test
    void missingOrWrongContentTypeIs415() {
        assertProblem(http.send("POST", "/api/projects", json("name", "p"), "Authorization",
                "Bearer " + account.access()), 415);
        assertProblem(http.send("POST", "/api/projects", json("name", "p"), "Authorization",
                "Bearer " + account.access(), "Content-Type", "text/plain"), 415);
        assertProblem(http.send("POST", "/auth/login", "email=a&password=b", "Content-Type",
                "application/x-www-form-urlencoded"), 415);
        assertProblem(http.send("POST", "/api/projects", json("name", "p"), "Authorization",
                "Bearer " + account.access(), "Content-Type", "application/json; charset=latin1"), 415);
    }

    @Test
    void invalidFieldsAreAllReportedAtOnce() {
        HttpJson.Response r = http.post("/auth/register", json("email", "not-an-email", "password", "short",
                "name", "   ", "tenant", "Bad Slug!"), null);
        assertProblem(r, 422);
        assertThat(fields(r)).containsExactlyInAnyOrder("email", "password", "name", "tenant");
        assertThat(r.body()).doesNotContain("\"short\"");

        HttpJson.Response missing = http.post("/auth/register", "{}", null);
        assertProblem(missing, 422);
        assertThat(fields(missing)).containsExactlyInAnyOrder("email", "password", "name", "tenant");

        HttpJson.Response emptyName = http.post("/api/projects", json("name", ""), account.access());
        assertProblem(emptyName, 422);
        assertThat(fields(emptyName)).containsExactly("name");

        HttpJson.Response badUrl = http.post("/api/projects", json("name", "p", "webhook_url", "ftp://x.example"),
                account.access());
        assertProblem(badUrl, 422);
        assertThat(fields(badUrl)).containsExactly("webhook_url");
    }

    @Test
    void duplicateTenantIs409() {
        HttpJson.Response r = http.post("/auth/register", json("email", "other@inputs.example.com", "password",
                PASSWORD, "name", "Other", "tenant", "inputs"), null);
        assertProblem(r, 409);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        assertProblem(http.get("/no/such/thing", null), 404);
        assertProblem(http.send("TRACE", "/health", null), 405);
        // HEAD would skip authentication (Javalin answers it without the GET route's steps): refused.
        for (String path : List.of("/api/projects", "/auth/me", "/api/users", "/admin/blocks")) {
            HttpJson.Response head = http.send("HEAD", path, null);
            assertThat(head.status()).as(path).isEqualTo(405);
            assertThat(head.header("Allow")).isEqualTo("GET");
        }
        assertThat(http.send("HEAD", "/health", null).status()).isEqualTo(200);
        assertProblem(http.send("PATCH", "/api/projects", "{}", "Content-Type", "application/json",
                "Authorization", "Bearer " + account.access()), 405);
    }

    @Test
    void unauthenticatedAndMalformedCredentialsAre401() {
        HttpJson.Response none = http.get("/api/projects", null);
        assertProblem(none, 401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(http.send("GET", "/api/projects", null, "Authorization", "Basic dXNlcjpwdw=="), 401);
        assertProblem(http.send("GET", "/api/projects", null, "Authorization", "Bearer"), 401);
        assertProblem(http.send("GET", "/api/projects", null, "Authorization", "Bearer not.a.jwt"), 401);
        assertProblem(http.send("GET", "/api/projects", null, "Authorization", "Bearer " + account.access(),
                "X-API-Key", "bwk_x"), 400);
    }

    @Test
    void securityHeadersOnEveryResponse() {
        for (HttpJson.Response r : List.of(http.get("/health", null), http.get("/no/such", null),
                http.get("/api/projects", account.access()))) {
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Server")).isNull();
            assertThat(r.header("Strict-Transport-Security")).as("not over plain HTTP").isNull();
        }
        assertThat(http.get("/api/projects", account.access()).header("Cache-Control")).isEqualTo("no-store");
    }

    private static List<String> messages(HttpJson.Response r) {
        List<String> messages = new ArrayList<>();
        for (JsonNode error : r.json().get("errors")) {
            messages.add(error.get("message").asText());
        }
        return messages;
    }

    private static List<String> fields(HttpJson.Response r) {
        List<String> fields = new ArrayList<>();
        for (JsonNode error : r.json().get("errors")) {
            fields.add(error.get("field").asText());
        }
        return fields;
    }
}
