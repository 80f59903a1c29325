package dev.bulwark.token;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The JWS algorithms Bulwark signs access tokens with. Each key has exactly one of them, and a token
 * verifies only under the algorithm of the key its {@code kid} names — the token's own {@code alg}
 * is never trusted to choose.
 */
public enum SigningAlgorithm {
    /** Ed25519 (RFC 8037). The default: small keys, fast, deterministic signatures. */
    EdDSA(JWSAlgorithm.EdDSA),
    /** ECDSA on P-256 with SHA-256. */
    ES256(JWSAlgorithm.ES256),
    /** RSASSA-PKCS1-v1_5 with SHA-256; generated keys are 3072 bits. */
    RS256(JWSAlgorithm.RS256);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    JWSAlgorithm jwsAlgorithm() {
        return jws;
    }

    /**
     * Parses {@code EdDSA}, {@code ES256} or {@code RS256}, ignoring letter case.
     *
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    public static SigningAlgorithm parse(String name) {
        if (name != null) {
            for (SigningAlgorithm alg : values()) {
                if (alg.name().equalsIgnoreCase(name)) {
                    return alg;
                }
            }
        }
        throw new IllegalArgumentException("Unknown signing algorithm '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** The exact (case-sensitive) JWS {@code alg} header value, or null when it is not one of ours. */
    static SigningAlgorithm fromJwsName(String alg) {
        for (SigningAlgorithm candidate : values()) {
            if (candidate.jws.getName().equals(alg)) {
                return candidate;
            }
        }
        return null;
    }
}
