package dev.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared fixtures: keys are generated once per JVM (RSA 3072 takes a while). */
final class TestKeys {

    static final String ISSUER = "bulwark";
    static final String AUDIENCE = "bulwark-api";
    static final Duration TTL = Duration.ofMinutes(15);
    static final Duration SKEW = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static final Map<SigningAlgorithm, SigningKey> KEYS = new EnumMap<>(SigningAlgorithm.class);

    private TestKeys() {
    }

    static synchronized SigningKey key(SigningAlgorithm alg) {
        return KEYS.computeIfAbsent(alg, a -> SigningKey.generate(a, Clock.fixed(T0.minusSeconds(3600), ZoneOffset.UTC)));
    }

    private static SigningKey otherRsa;

    /** A second RSA key, not in any ring: an attacker's. */
    static synchronized SigningKey otherRsaKey() {
        if (otherRsa == null) {
            otherRsa = SigningKey.generate(SigningAlgorithm.RS256, Clock.fixed(T0, ZoneOffset.UTC));
        }
        return otherRsa;
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    static Map<String, Object> header(SigningKey key) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", key.algorithm().jwsAlgorithm().getName());
        h.put("typ", "at+jwt");
        h.put("kid", key.kid());
        return h;
    }

    static Map<String, Object> payload(Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iss", ISSUER);
        p.put("aud", AUDIENCE);
        p.put("sub", "user-1");
        p.put("tid", "tenant-1");
        p.put("role", "owner");
        p.put("scope", "projects:read projects:write");
        p.put("sid", "session-1");
        p.put("jti", "jti-1");
        p.put("iat", now.getEpochSecond());
        p.put("nbf", now.getEpochSecond());
        p.put("exp", now.plus(TTL).getEpochSecond());
        return p;
    }

    /** A token with exactly this header and payload JSON, signed by {@code signer}'s key. */
    static String signed(SigningKey signer, Map<String, ?> header, Map<String, ?> payload) {
        return signedRaw(signer, json(header), json(payload));
    }

    static String signedRaw(SigningKey signer, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            // The signers look only at alg; the header that is serialised is exactly headerJson.
            JWSHeader algOnly = new JWSHeader(signer.algorithm().jwsAlgorithm());
            Base64URL sig = signer.signer().sign(algOnly, input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + sig;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with this header and payload and a signature we choose (not computed). */
    static String unsigned(Map<String, ?> header, Map<String, ?> payload, String signaturePart) {
        return b64(json(header)) + "." + b64(json(payload)) + "." + signaturePart;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
