package dev.bulwark.session;

import dev.bulwark.core.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque refresh tokens: {@code rt_} and 256 random bits in base64url. Only their SHA-256 is ever stored, so a
 * copy of the database does not hand out sessions; a plain hash (not a password hash) is enough because the
 * input has 256 bits of entropy and cannot be guessed.
 */
public final class RefreshTokens {

    static final String PREFIX = "rt_";
    private static final int RANDOM_BYTES = 32;
    /** Longest string worth hashing: the prefix and 43 base64url characters, with room to spare. */
    private static final int MAX_LENGTH = 128;

    private final SecureRandom random;

    public RefreshTokens(SecureRandom random) {
        this.random = random;
    }

    public String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when the string can be one of ours; lets the caller skip a database lookup for garbage. */
    public static boolean looksValid(String token) {
        return token != null && token.length() <= MAX_LENGTH && token.startsWith(PREFIX);
    }

    public static String hash(String token) {
        return Sha256.hex(token);
    }
}
