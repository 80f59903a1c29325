package dev.bulwark.ratelimit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link RateLimitPolicies#fromMap} over trees shaped as a YAML parser returns them. */
class PolicyFileTest {

    /** The example of CONTRACT.md. */
    private static Map<String, Object> contractExample() {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("name", "login");
        login.put("match", new LinkedHashMap<>(Map.of("paths", List.of("/auth/login"), "methods", List.of("POST"))));
        login.put("key", "ip");
        login.put("algorithm", "sliding_window");
        login.put("limit", 10);
        login.put("period", "1m");
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("name", "api-user");
        api.put("match", new LinkedHashMap<>(Map.of("paths", List.of("/api/**"))));
        api.put("key", "user");
        api.put("algorithm", "token_bucket");
        api.put("limit", 600);
        api.put("period", "1m");
        api.put("burst", 100);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("policies", new ArrayList<>(List.of(login, api)));
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policy(Map<String, Object> doc, int i) {
        return ((List<Map<String, Object>>) doc.get("policies")).get(i);
    }

    @Test
    void readsTheContractExample() {
        RateLimitPolicies policies = RateLimitPolicies.fromMap(contractExample());
        assertThat(policies.all()).containsExactly(
                new RateLimitPolicy("login", RequestMatcher.of("POST", "/auth/login"), KeyKind.IP,
                        RateLimit.of(Algorithm.SLIDING_WINDOW, 10, Duration.ofMinutes(1))),
                new RateLimitPolicy("api-user", RequestMatcher.anyMethod("/api/**"), KeyKind.USER,
                        RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100)));
        assertThat(policies.matching("GET", "/api/x")).extracting(RateLimitPolicy::name).containsExactly("api-user");
    }

    @Test
    void acceptsEveryIntegerTypeAParserMayProduceAndDefaultsBurstToLimit() {
        Map<String, Object> doc = contractExample();
        policy(doc, 0).put("limit", 10L);
        policy(doc, 1).put("limit", BigInteger.valueOf(600));
        policy(doc, 1).put("burst", (short) 100);
        assertThat(RateLimitPolicies.fromMap(doc).all().get(1).limit().burst()).isEqualTo(100);
        policy(doc, 1).remove("burst");
        policy(doc, 1).put("algorithm", "GCRA");
        assertThat(RateLimitPolicies.fromMap(doc).all().get(1).limit())
                .isEqualTo(RateLimit.of(Algorithm.GCRA, 600, Duration.ofMinutes(1)));
    }

    @Test
    void rejectsAnEmptyOrMisshapenFile() {
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(null)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("policy file is empty");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(Map.of())).hasMessage(
                "policy file, field \"policies\": missing; write \"policies:\" followed by a list of policies");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(Map.of("policies", "login")))
                .hasMessageContaining("must be a list, was the text \"login\"");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(Map.of("policies", List.of())))
                .hasMessageContaining("the list is empty").hasMessageContaining("BULWARK_ENFORCEMENT=off");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(Map.of("policies", List.of("login"))))
                .hasMessageStartingWith("policies[0]: must be a map with name, match, key, algorithm, limit, period, burst");
        Map<String, Object> doc = contractExample();
        doc.put("polices", List.of());
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(doc))
                .hasMessage("policy file: unknown field \"polices\"; the only top-level field is \"policies\"");
    }

    @Test
    void rejectsUnknownFields() {
        expectInvalid(p -> p.put("brust", 5), "policies[1] (\"api-user\"): unknown field \"brust\"; "
                + "allowed fields are name, match, key, algorithm, limit, period, burst");
        expectInvalid(p -> {
            p.put("x", 1);
            p.put("y", 2);
        }, "unknown fields \"x\", \"y\"");
        expectInvalid(p -> p.put(7, 1), "unknown field \"7\"");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("/api/**"), "path", List.of("/x"))),
                "policies[1] (\"api-user\"), field \"match\": unknown field \"path\"; allowed fields are paths, methods");
    }

    @Test
    void validatesTheName() {
        expectInvalid(p -> p.remove("name"), "policies[1], field \"name\": missing; give the policy a name");
        expectInvalid(p -> p.put("name", 5), "policies[1], field \"name\": must be text, was the number 5");
        expectInvalid(p -> p.put("name", "API User"), "policies[1] (\"API User\"), field \"name\": \"API User\" is "
                + "invalid; use 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
        Map<String, Object> doc = contractExample();
        policy(doc, 1).put("name", "login");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(doc))
                .hasMessage("policies[1] (\"login\"), field \"name\": \"login\" is already used by policies[0]; "
                        + "give every policy a unique name");
    }

    @Test
    void validatesTheMatch() {
        expectInvalid(p -> p.remove("match"), "policies[1] (\"api-user\"), field \"match\": missing; write e.g. match:");
        expectInvalid(p -> p.put("match", "/api/**"), "field \"match\": must be a map, was the text \"/api/**\"");
        expectInvalid(p -> p.put("match", Map.of()), "field \"match.paths\": missing; list at least one path pattern");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of())), "field \"match.paths\": the list is empty");
        expectInvalid(p -> p.put("match", Map.of("paths", "/api/**")), "field \"match.paths\": must be a list");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of(5))), "field \"match.paths\": entries must be text, "
                + "found the number 5");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("api/**"))),
                "policies[1] (\"api-user\"), field \"match.paths\": path pattern \"api/**\" must start with \"/\"");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("/api/v**"))), "\"**\" must be a whole segment");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("/api/**"), "methods", List.of("FETCH"))),
                "field \"match.methods\": unknown HTTP method \"FETCH\"; use one of GET, HEAD, POST");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("/api/**"), "methods", "GET")),
                "field \"match.methods\": must be a list, was the text \"GET\"; list HTTP methods");
        expectInvalid(p -> p.put("match", Map.of("paths", List.of("/api/**"), "methods", List.of(true))),
                "entries must be text, found the boolean true");
    }

    @Test
    void validatesKeyAndAlgorithm() {
        expectInvalid(p -> p.remove("key"), "field \"key\": missing; use one of ip, user, tenant, api_key, ip+path, user+path");
        expectInvalid(p -> p.put("key", "session"), "policies[1] (\"api-user\"), field \"key\": unknown key \"session\"; "
                + "use one of ip, user, tenant, api_key, ip+path, user+path");
        expectInvalid(p -> p.remove("algorithm"), "field \"algorithm\": missing; use one of token_bucket");
        expectInvalid(p -> p.put("algorithm", "leaky_bucket"), "field \"algorithm\": unknown rate-limit algorithm "
                + "\"leaky_bucket\"; use one of token_bucket, sliding_window, fixed_window, gcra");
        expectInvalid(p -> p.put("algorithm", List.of("gcra")), "field \"algorithm\": must be text, was a list");
    }

    @Test
    void validatesLimitPeriodAndBurst() {
        expectInvalid(p -> p.remove("limit"), "field \"limit\": missing; write a whole number of at least 1, e.g. limit: 100");
        expectInvalid(p -> p.put("limit", 0), "field \"limit\": must be at least 1, was 0");
        expectInvalid(p -> p.put("limit", -5), "field \"limit\": must be at least 1, was -5");
        expectInvalid(p -> p.put("limit", 10.5), "field \"limit\": must be a whole number, was the number 10.5");
        expectInvalid(p -> p.put("limit", "600"), "field \"limit\": must be a whole number, was the text \"600\"");
        expectInvalid(p -> p.put("limit", new BigInteger("99999999999999999999")), "field \"limit\": "
                + "99999999999999999999 is too large");
        expectInvalid(p -> p.put("limit", Map.of()), "must be a whole number, was a map");
        expectInvalid(p -> p.remove("period"), "field \"period\": missing; write a whole number and a unit");
        expectInvalid(p -> p.put("period", 60), "field \"period\": must be a duration such as 1m, was the number 60");
        expectInvalid(p -> p.put("period", "1 minute"), "policies[1] (\"api-user\"), field \"period\": invalid duration "
                + "\"1 minute\"");
        expectInvalid(p -> p.put("period", "-1m"), "field \"period\": invalid duration \"-1m\": it is negative");
        expectInvalid(p -> p.put("period", "0s"), "field \"period\": must be at least 1ms, was 0s");
        expectInvalid(p -> p.put("burst", 0), "field \"burst\": must be at least 1, was 0");
        expectInvalid(p -> p.put("burst", null), "field \"burst\": is empty");
        expectInvalid(p -> p.put("burst", 1L << 40), "field \"burst\": burst 1099511627776 is too large");
        expectInvalid(p -> p.put("algorithm", "fixed_window"), "policies[1] (\"api-user\"), field \"burst\": burst "
                + "applies only to token_bucket and gcra, not fixed_window; remove burst, or use algorithm token_bucket or gcra");
        expectInvalid(p -> { // 7 per 292 years: one token is ~1.3e18 µs, beyond what a Lua double holds exactly
            p.put("limit", 7);
            p.put("period", "106751d");
        }, "policies[1] (\"api-user\"), field \"period\": burst 7 is too large");
    }

    @Test
    void reportsTheIndexOfTheFirstPolicyToo() {
        Map<String, Object> doc = contractExample();
        policy(doc, 0).put("key", "IPv4");
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(doc))
                .hasMessageStartingWith("policies[0] (\"login\"), field \"key\": unknown key \"IPv4\"");
    }

    private static void expectInvalid(Consumer<Map<Object, Object>> edit, String message) {
        Map<String, Object> doc = contractExample();
        @SuppressWarnings("unchecked")
        Map<Object, Object> p = (Map<Object, Object>) (Map<?, ?>) policy(doc, 1);
        edit.accept(p);
        assertThatThrownBy(() -> RateLimitPolicies.fromMap(doc)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(message);
    }
}
