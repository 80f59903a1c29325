package dev.bulwark.validation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Password rules of NIST SP 800-63B: long enough (12 to 256 characters by default), any characters allowed,
 * NFKC-normalised so the same password typed on two keyboards hashes the same, and refused when it is a
 * well-known password, a run of one character or a keyboard/alphabet sequence, or contains the user's own email,
 * name or tenant. No composition rules (they make passwords weaker in practice). Messages never echo the value.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiopas", "iloveyou1234",
            "passwordpassword", "letmeinletmein", "administrator", "welcome12345", "changeme1234", "qwerty123456",
            "1234567890ab", "password123!", "trustno1trustno1", "abcdefghijkl", "football1234", "monkey123456",
            "baseball1234", "superman1234", "dragon123456", "sunshine1234", "princess1234", "P@ssw0rd1234");

    private static final String[] SEQUENCES = {"abcdefghijklmnopqrstuvwxyz", "0123456789012345678901234567890",
            "qwertyuiopasdfghjklzxcvbnm", "zyxwvutsrqponmlkjihgfedcba", "9876543210987654321098765432109"};

    private Passwords() {
    }

    /** The normalised password, or an {@link InvalidValueException} saying which rule it breaks. */
    public static String check(String raw, String... personalWords) {
        String password = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new InvalidValueException("must be at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidValueException("must be at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || COMMON.contains(password)) {
            throw new InvalidValueException("is a commonly used password; choose another");
        }
        if (password.codePoints().distinct().count() <= 2) {
            throw new InvalidValueException("is too repetitive");
        }
        for (String sequence : SEQUENCES) {
            if (sequence.contains(lower)) {
                throw new InvalidValueException("is a keyboard or alphabet sequence");
            }
        }
        for (String word : personalWords) {
            if (word == null) {
                continue;
            }
            String w = word.toLowerCase(Locale.ROOT);
            int at = w.indexOf('@');
            String part = at > 0 ? w.substring(0, at) : w;
            if (part.length() >= 4 && lower.contains(part)) {
                throw new InvalidValueException("must not contain your email, name or tenant");
            }
        }
        return password;
    }
}
