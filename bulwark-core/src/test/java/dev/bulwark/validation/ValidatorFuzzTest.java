package dev.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated inputs (fixed seed, so a failure reproduces) for every validator: none may throw anything but
 * {@link InvalidValueException}. Inputs mix the characters validators care about — separators, quotes,
 * percent signs, dots, controls, bidi and zero-width characters, surrogates (also unpaired), full-width forms —
 * with random code points, at lengths up to a few thousand. The time bound is a hang guard, not a timing.
 */
class ValidatorFuzzTest {

    private static final String INTERESTING = "@.-_/\\%:;'\"<>`$(){}[]|&#=?+ \t\n\r\u0000\u0007\u007f\u0085"
            + "\u200b\u200d\u202e\u2066\ufeff\u3164\uff0e\uff20\ud800\udc00\ud83d\ude00xn--0x7fAZaz09";
    private static final HostResolver HOSTS = ValidatorsTest.table(Map.of("hooks.example.com",
            List.of("93.184.215.14"), "evil.example.com", List.of("93.184.215.14", "10.0.0.1")));

    @Test
    void noValidatorThrowsAnythingButItsOwnError() {
        WebhookUrls webhooks = new WebhookUrls(HOSTS, false);
        List<Function<String, ?>> rules = List.of(EmailAddresses::normalise, TenantSlugs::normalise,
                TextRules::displayName, s -> TextRules.name(s, 200), s -> TextRules.freeText(s, 2000),
                s -> TextRules.guardedFreeText(s, 2000), s -> TextRules.guardedName(s, 200), FileNames::name,
                FileNames::relativePath, s -> HtmlMarkup.sanitise(s, 2000), webhooks::check,
                s -> webhooks.check("https://" + s + "/"), s -> webhooks.check("https://hooks.example.com/" + s),
                s -> EmailAddresses.normalise("a@" + s), InjectionDetectors::detect);
        Random random = new Random(5);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int round = 0; round < 1500; round++) {
                String input = generate(random, round < 1400 ? random.nextInt(80) : random.nextInt(4000));
                if (round % 20 == 0) {
                    // the strength estimator costs tens of milliseconds a call: a sample of the inputs
                    try {
                        Passwords.check(input, "alice@example.com", "Alice");
                    } catch (InvalidValueException expected) {
                        // fine
                    }
                }
                for (Function<String, ?> rule : rules) {
                    try {
                        rule.apply(input);
                    } catch (InvalidValueException expected) {
                        // the only failure a validator may report
                    } catch (RuntimeException e) {
                        throw new AssertionError("input " + escape(input) + " made a validator throw " + e, e);
                    }
                }
            }
        });
    }

    static String generate(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                out.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
            } else if (pick < 8) {
                out.append((char) ('a' + random.nextInt(26)));
            } else {
                out.appendCodePoint(random.nextInt(0x30000));
            }
        }
        return out.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u{%x}", cp)
                : String.valueOf((char) cp)));
        return out.toString();
    }
}
