package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorsTest {

    @Test
    void emailDomainIsLowerCasedAndIdnConverted() {
        assertThat(EmailAddresses.normalise("A.b+tag@Example.COM")).isEqualTo("A.b+tag@example.com");
        assertThat(EmailAddresses.normalise("user@bücher.example")).isEqualTo("user@xn--bcher-kva.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "@example.com", "a@", "a@@example.com", "a@b@example.com",
            "\"quoted\"@example.com", "a(comment)@example.com", "a@[127.0.0.1]", "a@localhost", "a@1.2.3.4",
            ".a@example.com", "a.@example.com", "a..b@example.com", "a b@example.com", "a@-x.example.com",
            "a@x-.example.com", "a@exa_mple.com", "a@example..com"})
    void badEmailsAreRefused(String email) {
        assertThatThrownBy(() -> EmailAddresses.normalise(email)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void emailLengthLimitsOfRfc5321() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddresses.normalise(local64 + "@example.com")).startsWith(local64);
        assertThatThrownBy(() -> EmailAddresses.normalise("a".repeat(65) + "@example.com"))
                .hasMessageContaining("64");
        String longDomain = ("b".repeat(60) + ".").repeat(5) + "com";
        assertThatThrownBy(() -> EmailAddresses.normalise("a@" + longDomain))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void slugs() {
        assertThat(TenantSlugs.normalise("acme-corp")).isEqualTo("acme-corp");
        for (String bad : List.of("ab", "-acme", "acme-", "Acme", "ac me", "acme_corp", "a".repeat(64), "admin",
                "api", "www")) {
            assertThatThrownBy(() -> TenantSlugs.normalise(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void displayNamesAreNormalisedAndInvisibleCharactersRefused() {
        assertThat(TextRules.displayName("  Ａｌｉｃｅ  ")).isEqualTo("Alice");
        assertThat(TextRules.displayName("Zoë Ångström 李")).isEqualTo("Zoë Ångström 李");
        for (String bad : List.of("", "   ", "evil\u202Eexe", "zero\u200Bwidth", "nul\u0000", "bell\u0007",
                "x".repeat(101))) {
            assertThatThrownBy(() -> TextRules.displayName(bad)).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void freeTextAllowsLineBreaksButNotControls() {
        assertThat(TextRules.freeText("line one\nline two\ttab", 100)).contains("\n");
        assertThat(TextRules.freeText("", 100)).isEmpty();
        assertThatThrownBy(() -> TextRules.freeText("a\u0000b", 100)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TextRules.freeText("a\u202Eb", 100)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TextRules.freeText("x".repeat(101), 100)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void passwords() {
        assertThat(Passwords.check("quokka tram lantern 42 sky")).isEqualTo("quokka tram lantern 42 sky");
        // Famous (xkcd 936) and guessable ones fall to the estimator, and the message does not echo them.
        for (String guessable : List.of("correct horse battery staple", "Summer2024!!", "Password2024!",
                "qwerty123456789")) {
            assertThatThrownBy(() -> Passwords.check(guessable)).as(guessable).hasMessageContaining("easy to guess")
                    .hasMessageNotContaining(guessable);
        }
        assertThatThrownBy(() -> new Passwords(new PasswordPolicy(16, 64, 36)).validate("quokka tram 42"))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new PasswordPolicy(4, 64, 36)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Passwords.check("quokka-acme-corp-lantern", "a@x.example", "Bob", "acme-corp"))
                .hasMessageContaining("email, name or tenant");
        assertThat(Passwords.check("ｆｕｌｌｗｉｄｔｈ-Quokka-Tram-42")).isEqualTo("fullwidth-Quokka-Tram-42");
        assertThatThrownBy(() -> Passwords.check("short")).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> Passwords.check("x".repeat(257) + "yz")).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> Passwords.check("password1234")).hasMessageContaining("common");
        assertThatThrownBy(() -> Passwords.check("aaaaaaaaaaaaaaaa")).hasMessageContaining("repetitive");
        assertThatThrownBy(() -> Passwords.check("abcdefghijklmnop")).hasMessageContaining("sequence");
        assertThatThrownBy(() -> Passwords.check("my-alice-password-9", "alice@example.com", "Al"))
                .hasMessageContaining("email, name or tenant")
                .hasMessageNotContaining("my-alice");
    }

    /** A resolver over a fixed table, as tests have no DNS; unknown names do not resolve. */
    static HostResolver table(java.util.Map<String, List<String>> entries) {
        return host -> {
            List<String> found = entries.get(host);
            if (found == null) {
                throw new java.net.UnknownHostException(host);
            }
            List<java.net.InetAddress> out = new java.util.ArrayList<>();
            for (String a : found) {
                out.add(java.net.InetAddress.getByName(a));
            }
            return out;
        };
    }

    static final HostResolver HOSTS = table(java.util.Map.of("hooks.example.com", List.of("93.184.215.14"),
            "v6.example.com", List.of("2606:2800:21f:cb07:6820:80da:af6b:8b2c")));

    @Test
    void webhookUrls() {
        WebhookUrls strict = new WebhookUrls(HOSTS, false);
        assertThat(strict.check("https://hooks.example.com/x?y=1")).isEqualTo("https://hooks.example.com/x?y=1");
        assertThat(strict.check("https://v6.example.com/")).isEqualTo("https://v6.example.com/");
        assertThat(new WebhookUrls(HOSTS, true).check("http://hooks.example.com/x")).startsWith("http://");
        for (String bad : List.of("http://hooks.example.com/x", "ftp://example.com", "https://user:pw@example.com",
                "https://127.0.0.1/", "https://[::1]/", "https://2130706433/", "https://0x7f.0x0.0x0.0x1/",
                "https://0x7f000001/", "https://0177.0.0.1/", "https://127.1/", "https://localhost/",
                "https://intranet/", "https://db.internal/", "https://printer.local/", "https://nas.home.arpa/",
                "not a url", "https:///path", "https://" + "a".repeat(2050) + ".com", "https://hooks.example.com/#x",
                "https://unknown.example.com/")) {
            assertThatThrownBy(() -> strict.check(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void system_resolverFailureIsAValidationError() {
        WebhookUrls system = new WebhookUrls(HostResolver.system(), false);
        assertThatThrownBy(() -> system.check("https://no-such-host.invalid/"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("does not resolve");
        WebhookUrls broken = new WebhookUrls(host -> {
            throw new IllegalStateException("resolver down");
        }, false);
        assertThatThrownBy(() -> broken.check("https://hooks.example.com/")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new WebhookUrls(host -> List.of(), false).check("https://hooks.example.com/"))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void validationCollectsEveryViolation() {
        Validation v = new Validation();
        assertThat(v.check("email", "nope", EmailAddresses::normalise)).isNull();
        assertThat(v.check("name", null, TextRules::displayName)).isNull();
        String description = v.optional("description", null, s -> TextRules.freeText(s, 10));
        assertThat(description).isNull();
        assertThat(v.check("tenant", "acme", TenantSlugs::normalise)).isEqualTo("acme");
        v.fail("scopes", "bad");
        assertThat(v.hasErrors()).isTrue();
        assertThatThrownBy(v::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("email", "name", "scopes"));
        new Validation().throwIfInvalid();
    }
}
