package dev.bulwark.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of text, the one way Bulwark turns secrets with 256 bits of entropy (refresh tokens, API keys, the
 * operator token) into what it stores, and user input into bounded keys. A fast hash is right for those: the
 * inputs cannot be guessed, and the keys must be cheap to compute on every request. Passwords are never
 * hashed here; they go through Argon2id.
 */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    public static byte[] bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The 64-character lower-case hex digest. */
    public static String hex(String text) {
        return HEX.formatHex(bytes(text));
    }

    /** The first {@code bytes} bytes of the digest in hex: a short key that is still collision-free in practice. */
    public static String hexPrefix(String text, int bytes) {
        return HEX.formatHex(bytes(text), 0, bytes);
    }
}
