package dev.bulwark.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106) via Bouncy Castle.
 *
 * <p>Stored form: the PHC string {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash
 * in standard base64 without padding — the format of the reference implementation, libsodium,
 * Spring Security and passlib, so hashes move between them. Salt 16 random bytes, hash 32 bytes.
 *
 * <p>Rules:
 * <ul>
 *   <li>Secure by default: parameters below OWASP's minimum are refused unless the instance comes
 *       from {@link #allowWeakForTesting}.</li>
 *   <li>{@link #verify} uses the parameters written in the stored hash (so hashes made under older
 *       settings still verify; {@link #needsRehash} says when to upgrade them on the next login),
 *       compares in constant time, and answers false — never throws — for a malformed stored hash.
 *       Parameters read from a hash are bounded ({@link Argon2Parameters}), so a tampered row cannot
 *       make one login allocate gigabytes.</li>
 *   <li>{@link #verifyDummy} costs what a real verify costs, for logins of unknown users, so response
 *       time does not reveal which accounts exist.</li>
 *   <li>Passwords arrive as {@code char[]} and are encoded to UTF-8 without creating a
 *       {@code String}; the byte copies are zeroed after use (the caller owns and zeroes the
 *       {@code char[]}). No Unicode normalisation happens here: the input validator applies NFKC
 *       before this class sees the password, and doing it here would need an unzeroable
 *       {@code String}. A password that is not valid UTF-16 (a lone surrogate) cannot be hashed.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_SALT_OR_HASH_BYTES = 64;
    private static final String PREFIX = "$argon2id$v=19$";

    private final Argon2Parameters parameters;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    /** Hashes with {@link Argon2Parameters#owaspMinimum()}. */
    public PasswordHasher() {
        this(Argon2Parameters.owaspMinimum());
    }

    /**
     * @throws IllegalArgumentException when {@code parameters} are below OWASP's minimum
     */
    public PasswordHasher(Argon2Parameters parameters) {
        this(parameters, false);
    }

    private PasswordHasher(Argon2Parameters parameters, boolean allowWeak) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        if (!allowWeak && !parameters.meetsOwaspMinimum()) {
            throw new IllegalArgumentException("Argon2id parameters " + parameters + " are below OWASP's minimum "
                    + Argon2Parameters.owaspMinimum());
        }
        char[] dummyPassword = new char[24];
        for (int i = 0; i < dummyPassword.length; i++) {
            dummyPassword[i] = (char) ('a' + this.random.nextInt(26));
        }
        this.dummyHash = hash(dummyPassword);
        Arrays.fill(dummyPassword, '\0');
    }

    /** Any parameters at all, for fast tests. The name is the warning: never use it in a server. */
    public static PasswordHasher allowWeakForTesting(Argon2Parameters parameters) {
        return new PasswordHasher(parameters, true);
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    /**
     * @return the PHC string
     * @throws IllegalArgumentException when the password contains a lone surrogate
     */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] bytes = utf8(password);
        if (bytes == null) {
            throw new IllegalArgumentException("password is not valid Unicode (lone surrogate)");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(bytes, salt, parameters, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String encoded = PREFIX + "m=" + parameters.memoryKiB() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        Arrays.fill(hash, (byte) 0);
        return encoded;
    }

    /**
     * @return true only when {@code encoded} is a well-formed Argon2id PHC string of this password;
     *         false for a wrong password or a malformed, null or unsupported stored hash
     */
    public boolean verify(char[] password, String encoded) {
        Objects.requireNonNull(password, "password");
        Phc phc = Phc.parse(encoded);
        if (phc == null) {
            return false;
        }
        byte[] bytes = utf8(password);
        if (bytes == null) {
            return false;
        }
        byte[] candidate = argon2(bytes, phc.salt, phc.parameters, phc.hash.length);
        boolean equal = MessageDigest.isEqual(candidate, phc.hash);
        Arrays.fill(candidate, (byte) 0);
        return equal;
    }

    /** Spends the time of one {@link #verify} under the current parameters, and answers nothing. */
    public void verifyDummy(char[] password) {
        verify(password, dummyHash);
    }

    /**
     * True when {@code encoded} should be replaced by a new {@link #hash} at the next successful
     * login: it is malformed, or was made with other parameters or lengths than this hasher uses.
     */
    public boolean needsRehash(String encoded) {
        Phc phc = Phc.parse(encoded);
        return phc == null
                || !phc.parameters.equals(parameters)
                || phc.salt.length != SALT_BYTES
                || phc.hash.length != HASH_BYTES;
    }

    private static byte[] argon2(byte[] password, byte[] salt, Argon2Parameters p, int length) {
        org.bouncycastle.crypto.params.Argon2Parameters params =
                new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                        .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(p.memoryKiB())
                        .withIterations(p.iterations())
                        .withParallelism(p.parallelism())
                        .withSalt(salt)
                        .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        byte[] out = new byte[length];
        try {
            generator.init(params);
            generator.generateBytes(password, out, 0, out.length);
        } finally {
            Arrays.fill(password, (byte) 0);
            params.clear();
        }
        return out;
    }

    /** UTF-8 bytes of the password, or null for a lone surrogate; no intermediate String. */
    private static byte[] utf8(char[] password) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    /** A parsed {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; strict: anything else is null. */
    private record Phc(Argon2Parameters parameters, byte[] salt, byte[] hash) {

        static Phc parse(String encoded) {
            if (encoded == null || encoded.length() > 512 || !encoded.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                return null;
            }
            String[] params = parts[0].split(",", -1);
            if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=")
                    || !params[2].startsWith("p=")) {
                return null;
            }
            try {
                Argon2Parameters parameters = new Argon2Parameters(
                        decimal(params[0].substring(2)), decimal(params[1].substring(2)), decimal(params[2].substring(2)));
                byte[] salt = base64(parts[1]);
                byte[] hash = base64(parts[2]);
                if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_OR_HASH_BYTES
                        || hash.length < MIN_HASH_BYTES || hash.length > MAX_SALT_OR_HASH_BYTES) {
                    return null;
                }
                return new Phc(parameters, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static int decimal(String s) {
            if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a decimal");
            }
            return Integer.parseInt(s);
        }

        private static byte[] base64(String s) {
            if (s.isEmpty() || s.indexOf('=') >= 0) {
                throw new IllegalArgumentException("not unpadded base64");
            }
            return Base64.getDecoder().decode(s);
        }
    }
}
