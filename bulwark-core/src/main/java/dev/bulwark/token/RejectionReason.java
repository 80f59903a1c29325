package dev.bulwark.token;

/** Why an access token was refused. Stable names: they appear in security events and metrics. */
public enum RejectionReason {
    /** Not a well-formed compact JWS, too large, bad base64url or JSON, a claim of the wrong type. */
    MALFORMED,
    /** {@code alg} is {@code none}, not one we sign with, or not the algorithm of the key named by {@code kid}. */
    ALGORITHM_NOT_ALLOWED,
    /** No {@code kid}, or a kid that names none of our keys. */
    UNKNOWN_KEY,
    /** A header that points at key material ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}). */
    FORBIDDEN_HEADER,
    /** A {@code crit} header: we understand no extension, so any is unknown. */
    UNKNOWN_CRITICAL_HEADER,
    /** The signature does not verify under our key. */
    BAD_SIGNATURE,
    /** {@code typ} is not {@code at+jwt}. */
    WRONG_TYPE,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    /** {@code exp} is in the past by more than the allowed clock skew. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future by more than the allowed clock skew. */
    NOT_YET_VALID,
    /** A required claim is absent or blank. */
    MISSING_CLAIM,
    /** The token, its session or its user was revoked. */
    REVOKED
}
