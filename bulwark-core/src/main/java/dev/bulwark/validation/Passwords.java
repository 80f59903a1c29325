package dev.bulwark.validation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * Password rules of NIST SP 800-63B: long enough (12 to 256 characters by default, see {@link PasswordPolicy}),
 * any characters allowed, NFKC-normalised so the same password typed on two keyboards hashes the same, and
 * refused when it is guessable or contains the user's own email, name or tenant. No composition rules (they make
 * passwords weaker in practice). Messages say which rule failed and never echo the value.
 *
 * <p>Guessability is estimated with nbvcxz, a maintained Java port of the zxcvbn approach: the password is
 * split into the cheapest sequence of known patterns (dictionary words and leaked passwords, with l33t
 * substitutions; keyboard walks; repeats; sequences; dates and years; brute force for the rest) and the
 * number of guesses an attacker working down those patterns needs is turned into bits of entropy. A password
 * below {@link PasswordPolicy#minimumEntropyBits()} is refused. Only the first 40 characters are estimated, with a 50 ms search budget, —
 * the estimator is super-linear in length, and a longer password is long enough on any estimate — so the work
 * per call is bounded. Our own short list of checks runs first, because it needs no estimator: the few
 * passwords everybody tries, runs of one or two characters, and alphabet/keyboard sequences.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private static final int ESTIMATED_PREFIX = 40;
    /**
     * nbvcxz searches combinations of matches and falls back to a cheaper estimate when this budget is spent;
     * its default (500 ms) would make every sign-up a cheap way to burn server CPU.
     */
    private static final long COMBINATION_BUDGET_MILLIS = 50;

    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiopas", "iloveyou1234",
            "passwordpassword", "letmeinletmein", "administrator", "welcome12345", "changeme1234", "qwerty123456",
            "1234567890ab", "password123!", "trustno1trustno1", "abcdefghijkl", "football1234", "monkey123456",
            "baseball1234", "superman1234", "dragon123456", "sunshine1234", "princess1234", "p@ssw0rd1234");

    private static final String[] SEQUENCES = {"abcdefghijklmnopqrstuvwxyz", "0123456789012345678901234567890",
            "qwertyuiopasdfghjklzxcvbnm", "zyxwvutsrqponmlkjihgfedcba", "9876543210987654321098765432109"};

    private static final Passwords DEFAULT = new Passwords(PasswordPolicy.DEFAULT);

    private final PasswordPolicy policy;
    private final Nbvcxz estimator;

    public Passwords(PasswordPolicy policy) {
        this.policy = policy;
        this.estimator = new Nbvcxz(new ConfigurationBuilder()
                .setMaxLength(ESTIMATED_PREFIX)
                .setCombinationAlgorithmTimeout(COMBINATION_BUDGET_MILLIS)
                .setMinimumEntropy(policy.minimumEntropyBits())
                .setLocale(Locale.ENGLISH)
                .createConfiguration());
    }

    /** {@link #validate} under {@link PasswordPolicy#DEFAULT}. */
    public static String check(String raw, String... personalWords) {
        return DEFAULT.validate(raw, personalWords);
    }

    /**
     * The NFKC-normalised password, or an {@link InvalidValueException} saying which rule it breaks.
     * {@code personalWords} are the user's email, name and tenant: none of them (nor the email's local part,
     * nor a word of four or more letters of the name) may appear inside the password.
     */
    public String validate(String raw, String... personalWords) {
        String password = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        int length = password.codePointCount(0, password.length());
        if (length < policy.minLength()) {
            throw new InvalidValueException("must be at least " + policy.minLength() + " characters");
        }
        if (length > policy.maxLength()) {
            throw new InvalidValueException("must be at most " + policy.maxLength() + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
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
            if (word != null && containsPersonal(lower, word.toLowerCase(Locale.ROOT))) {
                throw new InvalidValueException("must not contain your email, name or tenant");
            }
        }
        Result estimate = estimator.estimate(password);
        if (!estimate.isMinimumEntropyMet()) {
            throw new InvalidValueException("is too easy to guess (common words, names, dates or keyboard "
                    + "patterns); a few unrelated words make a strong password");
        }
        return password;
    }

    private static boolean containsPersonal(String password, String word) {
        int at = word.indexOf('@');
        String local = at > 0 ? word.substring(0, at) : word;
        if (local.length() >= 4 && password.contains(local)) {
            return true;
        }
        for (String part : local.split("[^\\p{L}\\p{N}]+")) {
            if (part.length() >= 4 && password.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
