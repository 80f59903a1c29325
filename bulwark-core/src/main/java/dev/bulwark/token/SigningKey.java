package dev.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One signing key: its {@code kid}, its algorithm, when it was created, and the JWK with both the
 * private and the public part. Immutable.
 *
 * <p>The kid is the RFC 7638 SHA-256 thumbprint of the public key for every key Bulwark creates, so
 * the same key has the same kid on every server and no two different keys share one. Keys imported
 * as JWK files keep the kid they carry.
 *
 * <p>{@link #toString()} names the key and never prints key material; do not log {@link #jwk()}.
 */
public final class SigningKey {

    /** Size of generated RSA keys: NIST's 128-bit security level, like P-256 and Ed25519. */
    static final int RSA_GENERATED_BITS = 3072;
    /** Smallest RSA key accepted when loading. */
    static final int RSA_MIN_BITS = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String kid;
    private final SigningAlgorithm algorithm;
    private final Instant createdAt;
    private final JWK jwk;
    private final JWK publicJwk;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    private SigningKey(SigningAlgorithm algorithm, Instant createdAt, JWK jwk) throws JOSEException {
        this.kid = Objects.requireNonNull(jwk.getKeyID(), "kid");
        this.algorithm = algorithm;
        this.createdAt = createdAt;
        this.jwk = jwk;
        this.publicJwk = jwk.toPublicJWK();
        switch (algorithm) {
            case EdDSA -> {
                this.signer = new Ed25519Signer(jwk.toOctetKeyPair());
                this.verifier = new Ed25519Verifier(jwk.toOctetKeyPair().toPublicJWK());
            }
            case ES256 -> {
                this.signer = new ECDSASigner(jwk.toECKey());
                this.verifier = new ECDSAVerifier(jwk.toECKey().toPublicJWK());
            }
            case RS256 -> {
                this.signer = new RSASSASigner(jwk.toRSAKey());
                this.verifier = new RSASSAVerifier(jwk.toRSAKey().toPublicJWK());
            }
            default -> throw new IllegalStateException("unreachable: " + algorithm);
        }
    }

    /**
     * Generates a fresh key: Ed25519, P-256 or RSA 3072, with {@code kid} = its RFC 7638 thumbprint
     * and {@code createdAt} = now (whole seconds).
     */
    public static SigningKey generate(SigningAlgorithm algorithm, Clock clock) {
        Objects.requireNonNull(algorithm, "algorithm");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JWK raw = switch (algorithm) {
                case EdDSA -> generateEd25519();
                case ES256 -> new ECKeyGenerator(Curve.P_256).generate();
                case RS256 -> new RSAKeyGenerator(RSA_GENERATED_BITS).generate();
            };
            return fromPrivateJwk(raw, now, true);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a " + algorithm + " key", e);
        }
    }

    private static OctetKeyPair generateEd25519() {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(RANDOM, seed);
        byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub)).d(Base64URL.encode(seed)).build();
    }

    /**
     * Builds a key from a private JWK, checking everything a file could get wrong: a private part is
     * present, the key type and curve are ones we sign with, a declared {@code alg} matches, a
     * declared {@code use} is {@code sig}, RSA is at least 2048 bits, an Ed25519 {@code x} matches
     * its {@code d}.
     *
     * @param replaceKid true to set the kid to the thumbprint even when the JWK carries one
     * @throws IllegalArgumentException naming what is wrong (never including key material)
     */
    static SigningKey fromPrivateJwk(JWK raw, Instant createdAt, boolean replaceKid) {
        Objects.requireNonNull(createdAt, "createdAt");
        if (!raw.isPrivate()) {
            throw new IllegalArgumentException("the JWK has no private part");
        }
        if (raw.getKeyUse() != null && !KeyUse.SIGNATURE.equals(raw.getKeyUse())) {
            throw new IllegalArgumentException("the JWK's \"use\" is " + raw.getKeyUse().identifier() + ", not sig");
        }
        SigningAlgorithm algorithm = algorithmOf(raw);
        if (raw.getAlgorithm() != null && !algorithm.jwsAlgorithm().equals(raw.getAlgorithm())) {
            throw new IllegalArgumentException("the JWK's \"alg\" is " + raw.getAlgorithm()
                    + " but the key is a " + algorithm + " key");
        }
        try {
            String kid = replaceKid || raw.getKeyID() == null || raw.getKeyID().isBlank()
                    ? raw.computeThumbprint().toString()
                    : raw.getKeyID();
            JWK normalised = switch (algorithm) {
                case EdDSA -> new OctetKeyPair.Builder(raw.toOctetKeyPair())
                        .keyID(kid).algorithm(algorithm.jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).build();
                case ES256 -> new ECKey.Builder(raw.toECKey())
                        .keyID(kid).algorithm(algorithm.jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).build();
                case RS256 -> new RSAKey.Builder(raw.toRSAKey())
                        .keyID(kid).algorithm(algorithm.jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).build();
            };
            return new SigningKey(algorithm, createdAt, normalised);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key: " + e.getMessage(), e);
        }
    }

    private static SigningAlgorithm algorithmOf(JWK raw) {
        if (raw instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return SigningAlgorithm.EdDSA;
        }
        if (raw instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return SigningAlgorithm.ES256;
        }
        if (raw instanceof RSAKey rsa) {
            if (rsa.size() < RSA_MIN_BITS) {
                throw new IllegalArgumentException("RSA key of " + rsa.size() + " bits; at least "
                        + RSA_MIN_BITS + " are required");
            }
            return SigningAlgorithm.RS256;
        }
        throw new IllegalArgumentException("unsupported key type " + raw.getKeyType()
                + "; use Ed25519 (OKP), EC P-256 or RSA");
    }

    public String kid() {
        return kid;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The private JWK (with {@code kid}, {@code alg}, {@code use=sig}). Secret: never log or serve it. */
    public JWK jwk() {
        return jwk;
    }

    /** The public part only, with {@code kid}, {@code alg} and {@code use=sig}: safe to publish. */
    public JWK publicJwk() {
        return publicJwk;
    }

    JWSSigner signer() {
        return signer;
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** Names the key; contains no key material. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm + ", created=" + createdAt + "]";
    }
}
