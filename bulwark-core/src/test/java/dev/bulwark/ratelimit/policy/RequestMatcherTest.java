package dev.bulwark.ratelimit.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMatcherTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "/api/**, /api, true",
        "/api/**, /api/, true",
        "/api/**, /api/x, true",
        "/api/**, /api/x/y/z, true",
        "/api/**, /apix, false",
        "/api/**, /, false",
        "/api/**, /other/api/x, false",
        "/**, /, true",
        "/**, /anything/at/all, true",
        "/, /, true",
        "/, /x, false",
        "/auth/login, /auth/login, true",
        "/auth/login, /auth/login/, true",
        "/auth/login/, /auth/login, true",
        "/auth/login, /auth/login/x, false",
        "/auth/login, /auth/logins, false",
        "/auth/login, /Auth/Login, false",
        "/api/projects/*, /api/projects/42, true",
        "/api/projects/*, /api/projects, false",
        "/api/projects/*, /api/projects/42/members, false",
        "/api/*/members, /api/p1/members, true",
        "/api/v*/users, /api/v2/users, true",
        "/api/v*/users, /api/x2/users, false",
        "/files/*.json, /files/a.json, true",
        "/files/*.json, /files/a.jsonx, false",
        "/files/*.json, /files/.json, true",
        "/a/*b*c, /a/xbyc, true",
        "/a/*b*c, /a/xbycd, false",
        "/api/**/members, /api/members, true",
        "/api/**/members, /api/p/members, true",
        "/api/**/members, /api/p/q/members, true",
        "/api/**/members, /api/p/q/other, false",
        "/**/admin/**, /x/y/admin, true",
        "/**/admin/**, /admin/z, true",
        "/**/admin/**, /x/adminx/z, false",
        "/**/**/x, /x, true",
    })
    void globs(String pattern, String path, boolean expected) {
        assertThat(RequestMatcher.anyMethod(pattern).matches("GET", path)).isEqualTo(expected);
    }

    @Test
    void methodsCompareCaseInsensitivelyAndEmptyMeansAny() {
        RequestMatcher post = RequestMatcher.of("post", "/auth/login");
        assertThat(post.methods()).containsExactly("POST");
        assertThat(post.matches("POST", "/auth/login")).isTrue();
        assertThat(post.matches("post", "/auth/login")).isTrue();
        assertThat(post.matches("GET", "/auth/login")).isFalse();
        RequestMatcher any = RequestMatcher.anyMethod("/api/**");
        assertThat(any.matches("DELETE", "/api/x")).isTrue();
        assertThat(any.matches(null, "/api/x")).isFalse();
        assertThat(any.matches("GET", null)).isFalse();
        RequestMatcher several = new RequestMatcher(List.of("/a", "/b/**"), Set.of("GET", "put"));
        assertThat(several.matches("PUT", "/b/c")).isTrue();
        assertThat(several.matches("GET", "/a")).isTrue();
        assertThat(several.matches("POST", "/a")).isFalse();
        assertThat(several.matches("GET", "/c")).isFalse();
    }

    @Test
    void rejectsBadPatternsAndMethods() {
        assertThatThrownBy(() -> RequestMatcher.anyMethod("api/**")).hasMessageContaining("must start with \"/\"");
        assertThatThrownBy(() -> RequestMatcher.anyMethod("/api//x")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> RequestMatcher.anyMethod("/api/x**")).hasMessageContaining("\"**\" must be a whole segment");
        assertThatThrownBy(() -> RequestMatcher.anyMethod()).hasMessageContaining("at least one path pattern");
        assertThatThrownBy(() -> RequestMatcher.of("PSOT", "/x")).hasMessageContaining("unknown HTTP method \"PSOT\"");
        assertThatThrownBy(() -> new RequestMatcher(null, Set.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void isImmutable() {
        RequestMatcher m = RequestMatcher.of("GET", "/x");
        assertThatThrownBy(() -> m.paths().add("/y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.methods().add("PUT")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void hostilePathsAreMatchedInLinearTime() {
        // A backtracking matcher is exponential in the number of "**" on this input and would not
        // finish; the automaton is O(segments × pattern). (No timing assertion: speed is for JMH.)
        RequestMatcher m = RequestMatcher.anyMethod("/**/a/**/a/**/a/**/a/**/a/**/a/**/b");
        String path = "/a".repeat(20_000);
        assertThat(m.matches("GET", path)).isFalse();
        assertThat(m.matches("GET", path + "/b")).isTrue();
        RequestMatcher star = RequestMatcher.anyMethod("/*a*a*a*a*a*a*a*b");
        assertThat(star.matches("GET", "/" + "a".repeat(5_000))).isFalse();
    }

    @Test
    void segmentsIgnoreOneTrailingSlash() {
        assertThat(PathPattern.segments("/")).isEmpty();
        assertThat(PathPattern.segments("")).isEmpty();
        assertThat(PathPattern.segments("/a/b/")).containsExactly("a", "b");
        assertThat(PathPattern.segments("/a//b")).containsExactly("a", "", "b");
        assertThat(PathPattern.segments("a")).containsExactly("a");
    }
}
