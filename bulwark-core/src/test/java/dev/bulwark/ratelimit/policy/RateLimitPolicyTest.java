package dev.bulwark.ratelimit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.Algorithm;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private static final RateLimit LIMIT = RateLimit.of(Algorithm.TOKEN_BUCKET, 600, Duration.ofMinutes(1)).withBurst(100);

    @Test
    void keyKindParsesTheYamlSpellings() {
        assertThat(KeyKind.parse("ip")).isEqualTo(KeyKind.IP);
        assertThat(KeyKind.parse("USER")).isEqualTo(KeyKind.USER);
        assertThat(KeyKind.parse("tenant")).isEqualTo(KeyKind.TENANT);
        assertThat(KeyKind.parse("api_key")).isEqualTo(KeyKind.API_KEY);
        assertThat(KeyKind.parse("ip+path")).isEqualTo(KeyKind.IP_PATH);
        assertThat(KeyKind.parse("User+Path")).isEqualTo(KeyKind.USER_PATH);
        for (KeyKind k : KeyKind.values()) {
            assertThat(KeyKind.parse(k.yamlName())).isEqualTo(k);
        }
        assertThatThrownBy(() -> KeyKind.parse("ip_path")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown key \"ip_path\"; use one of ip, user, tenant, api_key, ip+path, user+path");
        assertThatThrownBy(() -> KeyKind.parse(null)).hasMessageContaining("null");
    }

    @Test
    void headerValueGivesLimitWindowSecondsAndName() {
        var policy = new RateLimitPolicy("api-user", RequestMatcher.anyMethod("/api/**"), KeyKind.USER, LIMIT);
        assertThat(policy.headerValue()).isEqualTo("600;w=60;name=\"api-user\"");
        var shortWindow = new RateLimitPolicy("burst", RequestMatcher.anyMethod("/x"), KeyKind.IP,
                RateLimit.of(Algorithm.FIXED_WINDOW, 5, Duration.ofMillis(500)));
        assertThat(shortWindow.headerValue()).isEqualTo("5;w=1;name=\"burst\"");
        var oddWindow = new RateLimitPolicy("odd", RequestMatcher.anyMethod("/x"), KeyKind.IP,
                RateLimit.of(Algorithm.FIXED_WINDOW, 5, Duration.ofMillis(1_500)));
        assertThat(oddWindow.headerValue()).isEqualTo("5;w=2;name=\"odd\"");
    }

    @Test
    void namesAreRestricted() {
        for (String ok : List.of("a", "0", "api-user", "login_2", "a".repeat(63))) {
            assertThat(new RateLimitPolicy(ok, RequestMatcher.anyMethod("/"), KeyKind.IP, LIMIT).name()).isEqualTo(ok);
        }
        for (String bad : List.of("", "-a", "_a", "Api", "a b", "a\"b", "a".repeat(64), "ä")) {
            assertThatThrownBy(() -> new RateLimitPolicy(bad, RequestMatcher.anyMethod("/"), KeyKind.IP, LIMIT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is invalid");
        }
        assertThatThrownBy(() -> new RateLimitPolicy("a", null, KeyKind.IP, LIMIT)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void defaultsAreTheDocumentedBuiltIns() {
        RateLimitPolicies defaults = RateLimitPolicies.defaults();
        assertThat(defaults.all()).extracting(RateLimitPolicy::name)
                .containsExactly("login", "register", "refresh", "api-user", "api-tenant");
        assertThat(defaults.matching("POST", "/auth/login")).extracting(RateLimitPolicy::name).containsExactly("login");
        assertThat(defaults.matching("GET", "/auth/login")).isEmpty();
        assertThat(defaults.matching("POST", "/auth/register/")).extracting(RateLimitPolicy::name).containsExactly("register");
        assertThat(defaults.matching("post", "/auth/refresh")).extracting(RateLimitPolicy::name).containsExactly("refresh");
        assertThat(defaults.matching("GET", "/api/projects/7")).extracting(RateLimitPolicy::name)
                .containsExactly("api-user", "api-tenant");
        assertThat(defaults.matching("GET", "/health")).isEmpty();
        RateLimitPolicy login = defaults.all().get(0);
        assertThat(login.key()).isEqualTo(KeyKind.IP);
        assertThat(login.limit()).isEqualTo(RateLimit.of(Algorithm.SLIDING_WINDOW, 10, Duration.ofMinutes(1)));
        assertThat(defaults.all().get(3).limit()).isEqualTo(LIMIT);
        assertThat(defaults).isEqualTo(RateLimitPolicies.defaults()).hasSameHashCodeAs(RateLimitPolicies.defaults());
        assertThat(defaults.toString()).contains("api-tenant");
        assertThatThrownBy(() -> defaults.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesMustBeUnique() {
        var a = new RateLimitPolicy("same", RequestMatcher.anyMethod("/a"), KeyKind.IP, LIMIT);
        var b = new RateLimitPolicy("same", RequestMatcher.anyMethod("/b"), KeyKind.USER, LIMIT);
        assertThatThrownBy(() -> RateLimitPolicies.of(List.of(a, b))).isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policies[1] (\"same\"), field \"name\": \"same\" is already used by policies[0]; "
                        + "give every policy a unique name");
    }
}
