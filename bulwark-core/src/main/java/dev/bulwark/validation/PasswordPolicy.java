package dev.bulwark.validation;

/**
 * What {@link Passwords} accepts. The default follows NIST SP 800-63B (at least 12 characters, at most 256 so
 * hashing work stays bounded) and asks for 36 bits of estimated entropy — roughly what three unrelated common
 * words give, and well above every password of the leaked-password lists the estimator ships.
 */
public record PasswordPolicy(int minLength, int maxLength, double minimumEntropyBits) {

    public static final PasswordPolicy DEFAULT = new PasswordPolicy(Passwords.MIN_LENGTH, Passwords.MAX_LENGTH, 36);

    public PasswordPolicy {
        if (minLength < 8 || maxLength < minLength || maxLength > 4096 || minimumEntropyBits < 0) {
            throw new IllegalArgumentException("password policy needs 8 <= minLength <= maxLength <= 4096");
        }
    }
}
