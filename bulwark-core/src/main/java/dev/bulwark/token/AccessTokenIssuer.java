package dev.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Signs access tokens: JWS compact serialisation, header {@code {"alg", "typ":"at+jwt", "kid"}},
 * claims {@code iss aud sub tid role scope sid jti iat nbf exp} (RFC 9068; {@code scope} is one
 * space-separated string, left out when empty).
 *
 * <p>Each call signs with the active key of the ring the supplier returns at that moment, so a
 * rotated ring is picked up by the next token. {@code iat = nbf = now}, whole seconds;
 * {@code jti} is 128 random bits, base64url. Thread-safe.
 */
public final class AccessTokenIssuer {

    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final int JTI_BYTES = 16;

    private final Supplier<KeyRing> keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AccessTokenIssuer(KeyRing keys, String issuer, String audience, Duration ttl, Clock clock) {
        this(constant(keys), issuer, audience, ttl, clock);
    }

    public AccessTokenIssuer(Supplier<KeyRing> keys, String issuer, String audience, Duration ttl, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl must be at least one second, was " + ttl);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static Supplier<KeyRing> constant(KeyRing ring) {
        Objects.requireNonNull(ring, "keys");
        return () -> ring;
    }

    /**
     * @param scope may be null or empty; each value must be non-blank and contain no space
     * @throws IllegalArgumentException when a claim value is missing or blank
     */
    public IssuedToken issue(String subject, String tenantId, String role, List<String> scope, String sessionId) {
        requireText(subject, "subject");
        requireText(tenantId, "tenantId");
        requireText(role, "role");
        requireText(sessionId, "sessionId");
        List<String> scopes = scope == null ? List.of() : List.copyOf(scope);
        for (String s : scopes) {
            if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a scope value must be non-blank and contain no whitespace");
            }
        }

        SigningKey key = Objects.requireNonNull(keys.get(), "key ring").active();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        String jti = newJti();
        AccessTokenClaims claims = new AccessTokenClaims(subject, tenantId, role, scopes, sessionId, jti, now, now, exp);

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", issuer);
        payload.put("aud", audience);
        payload.put("sub", subject);
        payload.put("tid", tenantId);
        payload.put("role", role);
        if (!scopes.isEmpty()) {
            payload.put("scope", String.join(" ", scopes));
        }
        payload.put("sid", sessionId);
        payload.put("jti", jti);
        payload.put("iat", now.getEpochSecond());
        payload.put("nbf", now.getEpochSecond());
        payload.put("exp", exp.getEpochSecond());

        JWSHeader header = new JWSHeader.Builder(key.algorithm().jwsAlgorithm())
                .type(AT_JWT)
                .keyID(key.kid())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token with key " + key.kid(), e);
        }
        return new IssuedToken(jws.serialize(), claims);
    }

    private String newJti() {
        byte[] bytes = new byte[JTI_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
