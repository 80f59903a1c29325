package dev.bulwark.server;

import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Registers tenants and logs users in through the real API. */
final class Fixtures {

    static final String PASSWORD = "long enough pass phrase 42";

    record Account(String tenant, String tenantId, String userId, String email, String access, String refresh) {
    }

    private Fixtures() {
    }

    static Account registerAndLogin(HttpJson http, String tenant) {
        String email = "owner@" + tenant + ".example.com";
        HttpJson.Response registered = http.post("/auth/register",
                json("email", email, "password", PASSWORD, "name", "Owner of " + tenant, "tenant", tenant), null);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        JsonNode login = login(http, tenant, email, PASSWORD);
        return new Account(tenant, registered.text("tenant_id"), registered.text("user_id"), email,
                login.get("access_token").asText(), login.get("refresh_token").asText());
    }

    static JsonNode login(HttpJson http, String tenant, String email, String password) {
        HttpJson.Response r = http.post("/auth/login", json("email", email, "password", password, "tenant", tenant),
                null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void assertProblem(HttpJson.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.hasNonNull("title")).isTrue();
        assertThat(body.hasNonNull("detail")).isTrue();
        assertThat(body.hasNonNull("type")).isTrue();
        assertThat(r.body()).doesNotContain("Exception", "at dev.", "at io.", "SQL", "org.h2", "jdbc");
    }
}
