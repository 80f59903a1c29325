package dev.bulwark.token;

import static dev.bulwark.token.RejectionReason.ALGORITHM_NOT_ALLOWED;
import static dev.bulwark.token.RejectionReason.BAD_SIGNATURE;
import static dev.bulwark.token.RejectionReason.EXPIRED;
import static dev.bulwark.token.RejectionReason.FORBIDDEN_HEADER;
import static dev.bulwark.token.RejectionReason.MALFORMED;
import static dev.bulwark.token.RejectionReason.MISSING_CLAIM;
import static dev.bulwark.token.RejectionReason.NOT_YET_VALID;
import static dev.bulwark.token.RejectionReason.REVOKED;
import static dev.bulwark.token.RejectionReason.UNKNOWN_CRITICAL_HEADER;
import static dev.bulwark.token.RejectionReason.UNKNOWN_KEY;
import static dev.bulwark.token.RejectionReason.WRONG_AUDIENCE;
import static dev.bulwark.token.RejectionReason.WRONG_ISSUER;
import static dev.bulwark.token.RejectionReason.WRONG_TYPE;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Verifies Bulwark access tokens. Secure by default: there is nothing to configure that weakens it.
 *
 * <p>The checks, in order (the first failure is the reason reported):
 * <ol>
 *   <li>size (at most {@value #MAX_TOKEN_CHARS} characters) and shape (three dot-separated parts)
 *       — {@code MALFORMED};</li>
 *   <li>the verified-token cache: on a hit, skip to step 7 (key still in the ring, issuer and
 *       audience re-checked from the entry);</li>
 *   <li>the header, parsed as strict base64url and JSON: {@code alg} {@code none} in any case, or
 *       any algorithm other than EdDSA/ES256/RS256 → {@code ALGORITHM_NOT_ALLOWED};
 *       {@code jku x5u jwk x5c} → {@code FORBIDDEN_HEADER}; {@code crit} →
 *       {@code UNKNOWN_CRITICAL_HEADER};</li>
 *   <li>{@code kid}: looked up in the key ring as a map key and nothing else → {@code UNKNOWN_KEY};
 *       the token's {@code alg} must be the algorithm of that key → {@code ALGORITHM_NOT_ALLOWED}.
 *       This is what defeats algorithm confusion: an HS256 token keyed with our public key never
 *       reaches an HMAC, because no key of ours is an HMAC key;</li>
 *   <li>{@code typ} is {@code at+jwt} or {@code application/at+jwt} → {@code WRONG_TYPE};</li>
 *   <li>the signature, with the verifier of that key (Bouncy Castle for Ed25519, Nimbus for ES256 —
 *       which rejects the all-zero "psychic" signature — and RS256) → {@code BAD_SIGNATURE}; only
 *       now is the payload read;</li>
 *   <li>claims: presence → {@code MISSING_CLAIM}, {@code iss}, {@code aud}, then {@code exp},
 *       {@code nbf}, {@code iat} against the clock with the skew;</li>
 *   <li>revocation, on every call, cached or not → {@code REVOKED}.</li>
 * </ol>
 *
 * <p>Time rules, with {@code skew} the leeway: rejected as {@code EXPIRED} when
 * {@code now >= exp + skew}; as {@code NOT_YET_VALID} when {@code now < nbf - skew} or
 * {@code iat > now + skew}.
 *
 * <p>Every base64url part must be canonical (no padding, no stray bits), so one token has exactly one
 * spelling — the cache and a revocation by token hash cannot be dodged by re-encoding.
 *
 * <p>Thread-safe; the key ring is read through the supplier on each call, so rotation needs no
 * restart.
 */
public final class AccessTokenVerifier {

    /** Tokens longer than this are refused before any parsing (8 KiB). */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** The largest clock skew the verifier accepts (CONTRACT: {@code BULWARK_CLOCK_SKEW} at most 2m). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");
    private static final List<String> REQUIRED_STRING_CLAIMS = List.of("iss", "sub", "tid", "role", "sid", "jti");
    /** 9999-12-31T23:59:59Z: larger NumericDates are nonsense and would overflow Instant arithmetic. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private final Supplier<KeyRing> keys;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final RevocationCheck revocations;
    private final VerifiedTokenCache cache;
    private final LongAdder signatureChecks = new LongAdder();

    public AccessTokenVerifier(KeyRing keys, String issuer, String audience, Duration clockSkew, Clock clock,
            RevocationCheck revocations, VerifiedTokenCache cache) {
        this(constant(keys), issuer, audience, clockSkew, clock, revocations, cache);
    }

    /**
     * @param clockSkew between zero and {@link #MAX_CLOCK_SKEW}
     * @param cache     {@link VerifiedTokenCache#disabled()} for none; never shared with a verifier of
     *                  other keys
     */
    public AccessTokenVerifier(Supplier<KeyRing> keys, String issuer, String audience, Duration clockSkew,
            Clock clock, RevocationCheck revocations, VerifiedTokenCache cache) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = AccessTokenIssuer.requireText(issuer, "issuer");
        this.audience = AccessTokenIssuer.requireText(audience, "audience");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + clockSkew);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    private static Supplier<KeyRing> constant(KeyRing ring) {
        Objects.requireNonNull(ring, "keys");
        return () -> ring;
    }

    /**
     * @return the token's claims, when every check passes
     * @throws TokenRejectedException with the first failed check as its reason
     */
    public AccessTokenClaims verify(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw reject(MALFORMED, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw reject(MALFORMED, "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || secondDot == firstDot + 1 || token.indexOf('.', secondDot + 1) >= 0) {
            throw reject(MALFORMED, "not a compact JWS (header.payload.signature)");
        }

        KeyRing ring = Objects.requireNonNull(keys.get(), "key ring");
        Instant now = clock.instant();

        VerifiedTokenCache.TokenHash hash = null;
        if (cache.enabled()) {
            hash = VerifiedTokenCache.TokenHash.of(token);
            VerifiedTokenCache.Entry hit = cache.get(hash);
            if (hit != null) {
                return recheck(hit, ring, now);
            }
        }

        // 3. header
        Map<String, Object> header = parseJsonPart(token.substring(0, firstDot), "header");
        Object alg = header.get("alg");
        if (!(alg instanceof String algName)) {
            throw reject(MALFORMED, "header has no alg");
        }
        if ("none".equalsIgnoreCase(algName.trim())) {
            throw reject(ALGORITHM_NOT_ALLOWED, "unsigned tokens (alg none) are not accepted");
        }
        for (String forbidden : FORBIDDEN_HEADERS) {
            if (header.containsKey(forbidden)) {
                throw reject(FORBIDDEN_HEADER, "header '" + forbidden + "' is not accepted");
            }
        }
        if (header.containsKey("crit")) {
            throw reject(UNKNOWN_CRITICAL_HEADER, "no critical header extension is understood");
        }
        SigningAlgorithm tokenAlgorithm = SigningAlgorithm.fromJwsName(algName);
        if (tokenAlgorithm == null) {
            throw reject(ALGORITHM_NOT_ALLOWED, "algorithm not allowed");
        }

        // 4. key, and the algorithm pinned to it
        Object kid = header.get("kid");
        if (!(kid instanceof String kidValue)) {
            throw reject(UNKNOWN_KEY, "header has no kid");
        }
        SigningKey key = ring.byKid(kidValue).orElse(null);
        if (key == null) {
            throw reject(UNKNOWN_KEY, "kid names none of our keys");
        }
        if (key.algorithm() != tokenAlgorithm) {
            throw reject(ALGORITHM_NOT_ALLOWED, "alg " + tokenAlgorithm + " does not match the key's " + key.algorithm());
        }

        // 5. type
        Object typ = header.get("typ");
        if (!(typ instanceof String typValue)
                || !("at+jwt".equalsIgnoreCase(typValue) || "application/at+jwt".equalsIgnoreCase(typValue))) {
            throw reject(WRONG_TYPE, "typ must be at+jwt");
        }

        // 6. signature
        String signaturePart = token.substring(secondDot + 1);
        byte[] signature = decodeCanonical(signaturePart);
        if (signature == null || signature.length == 0) {
            throw reject(BAD_SIGNATURE, "signature missing or not base64url");
        }
        JWSHeader jwsHeader;
        try {
            jwsHeader = JWSHeader.parse(header, new Base64URL(token.substring(0, firstDot)));
        } catch (ParseException e) {
            throw reject(MALFORMED, "header is not a valid JWS header");
        }
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        signatureChecks.increment();
        boolean valid;
        try {
            valid = key.verifier().verify(jwsHeader, signingInput, new Base64URL(signaturePart));
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw reject(BAD_SIGNATURE, "signature does not verify");
        }

        // 7. claims
        Map<String, Object> payload = parseJsonPart(token.substring(firstDot + 1, secondDot), "payload");
        AccessTokenClaims claims = readClaims(payload);
        String tokenIssuer = (String) payload.get("iss");
        List<String> tokenAudience = readAudience(payload);
        checkIssuerAndAudience(tokenIssuer, tokenAudience);
        checkTimes(claims, now);

        // 8. revocation
        if (revocations.isRevoked(claims)) {
            throw reject(REVOKED, "token revoked");
        }
        if (hash != null) {
            cache.put(hash, VerifiedTokenCache.Entry.of(claims, key, tokenIssuer, tokenAudience,
                    Duration.between(now, claims.expiresAt())));
        }
        return claims;
    }

    private AccessTokenClaims recheck(VerifiedTokenCache.Entry hit, KeyRing ring, Instant now)
            throws TokenRejectedException {
        SigningKey current = ring.byKid(hit.key().kid()).orElse(null);
        if (current == null || !(current == hit.key() || current.publicJwk().equals(hit.key().publicJwk()))) {
            throw reject(UNKNOWN_KEY, "the key that signed this token is no longer in the ring");
        }
        checkIssuerAndAudience(hit.issuer(), hit.audience());
        AccessTokenClaims claims = hit.claims();
        checkTimes(claims, now);
        if (revocations.isRevoked(claims)) {
            throw reject(REVOKED, "token revoked");
        }
        return claims;
    }

    private void checkIssuerAndAudience(String tokenIssuer, List<String> tokenAudience) throws TokenRejectedException {
        if (!issuer.equals(tokenIssuer)) {
            throw reject(WRONG_ISSUER, "iss is not ours");
        }
        if (!tokenAudience.contains(audience)) {
            throw reject(WRONG_AUDIENCE, "aud does not name this API");
        }
    }

    private void checkTimes(AccessTokenClaims claims, Instant now) throws TokenRejectedException {
        if (!now.isBefore(claims.expiresAt().plus(clockSkew))) {
            throw reject(EXPIRED, "token expired");
        }
        if (now.isBefore(claims.notBefore().minus(clockSkew))) {
            throw reject(NOT_YET_VALID, "nbf is in the future");
        }
        if (claims.issuedAt().isAfter(now.plus(clockSkew))) {
            throw reject(NOT_YET_VALID, "iat is in the future");
        }
    }

    private static AccessTokenClaims readClaims(Map<String, Object> payload) throws TokenRejectedException {
        for (String name : REQUIRED_STRING_CLAIMS) {
            requiredString(payload, name);
        }
        if (!payload.containsKey("aud")) {
            throw reject(MISSING_CLAIM, "claim 'aud' is missing");
        }
        Instant iat = requiredTime(payload, "iat");
        Instant nbf = requiredTime(payload, "nbf");
        Instant exp = requiredTime(payload, "exp");
        List<String> scope = List.of();
        Object rawScope = payload.get("scope");
        if (rawScope != null) {
            if (!(rawScope instanceof String scopeString)) {
                throw reject(MALFORMED, "claim 'scope' must be a string");
            }
            List<String> values = new ArrayList<>();
            for (String s : scopeString.split(" ")) {
                if (!s.isEmpty()) {
                    values.add(s);
                }
            }
            scope = values;
        }
        return new AccessTokenClaims(
                (String) payload.get("sub"),
                (String) payload.get("tid"),
                (String) payload.get("role"),
                scope,
                (String) payload.get("sid"),
                (String) payload.get("jti"),
                iat, nbf, exp);
    }

    private static void requiredString(Map<String, Object> payload, String name) throws TokenRejectedException {
        Object value = payload.get(name);
        if (value == null) {
            throw reject(MISSING_CLAIM, "claim '" + name + "' is missing");
        }
        if (!(value instanceof String s)) {
            throw reject(MALFORMED, "claim '" + name + "' must be a string");
        }
        if (s.isBlank()) {
            throw reject(MISSING_CLAIM, "claim '" + name + "' is blank");
        }
    }

    private static Instant requiredTime(Map<String, Object> payload, String name) throws TokenRejectedException {
        Object value = payload.get(name);
        if (value == null) {
            throw reject(MISSING_CLAIM, "claim '" + name + "' is missing");
        }
        if (!(value instanceof Number number)) {
            throw reject(MALFORMED, "claim '" + name + "' must be a NumericDate");
        }
        double seconds = number.doubleValue();
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw reject(MALFORMED, "claim '" + name + "' is out of range");
        }
        return Instant.ofEpochSecond((long) Math.floor(seconds));
    }

    private static List<String> readAudience(Map<String, Object> payload) throws TokenRejectedException {
        Object aud = payload.get("aud");
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list) {
            List<String> values = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw reject(MALFORMED, "claim 'aud' must hold strings");
                }
                values.add(s);
            }
            return values;
        }
        throw reject(MALFORMED, "claim 'aud' must be a string or an array of strings");
    }

    private static Map<String, Object> parseJsonPart(String part, String what) throws TokenRejectedException {
        byte[] bytes = decodeCanonical(part);
        if (bytes == null) {
            throw reject(MALFORMED, what + " is not canonical base64url");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw reject(MALFORMED, what + " is not UTF-8");
        }
        try {
            // Nimbus's JSON parser refuses duplicate members, so {"alg":"EdDSA","alg":"none"} fails here.
            Map<String, Object> object = JSONObjectUtils.parse(json);
            if (object == null) {
                throw reject(MALFORMED, what + " is not a JSON object");
            }
            return object;
        } catch (ParseException | RuntimeException e) {
            throw reject(MALFORMED, what + " is not a JSON object");
        }
    }

    /** Decodes unpadded base64url, or returns null unless {@code part} is exactly how the bytes encode. */
    static byte[] decodeCanonical(String part) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).contentEquals(CharBuffer.wrap(part))) {
            return null;
        }
        return bytes;
    }

    /** How many signature checks ran; lets tests prove a cache hit skipped the signature. */
    long signatureChecks() {
        return signatureChecks.sum();
    }

    private static TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message);
    }
}
