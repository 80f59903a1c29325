package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.AUDIENCE;
import static dev.bulwark.token.TestKeys.ISSUER;
import static dev.bulwark.token.TestKeys.SKEW;
import static dev.bulwark.token.TestKeys.T0;
import static dev.bulwark.token.TestKeys.TTL;
import static dev.bulwark.token.TestKeys.b64;
import static dev.bulwark.token.TestKeys.header;
import static dev.bulwark.token.TestKeys.json;
import static dev.bulwark.token.TestKeys.payload;
import static dev.bulwark.token.TestKeys.signed;
import static dev.bulwark.token.TestKeys.signedRaw;
import static dev.bulwark.token.TestKeys.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenVerifierTest {

    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);
    private final Set<String> revokedJtis = ConcurrentHashMap.newKeySet();
    private final SigningKey ed = TestKeys.key(SigningAlgorithm.EdDSA);
    private final SigningKey es = TestKeys.key(SigningAlgorithm.ES256);
    private final SigningKey rs = TestKeys.key(SigningAlgorithm.RS256);
    private final KeyRing ring = KeyRing.of(List.of(ed, es, rs));

    private AccessTokenVerifier verifier(VerifiedTokenCache cache) {
        return new AccessTokenVerifier(() -> ring, ISSUER, AUDIENCE, SKEW, clock,
                claims -> revokedJtis.contains(claims.jti()), cache);
    }

    private AccessTokenVerifier verifier() {
        return verifier(VerifiedTokenCache.disabled());
    }

    private static AccessTokenIssuer issuer(SigningKey key, TestKeys.MutableClock clock) {
        return new AccessTokenIssuer(KeyRing.of(List.of(key)), ISSUER, AUDIENCE, TTL, clock);
    }

    private RejectionReason rejection(String token) {
        return rejection(verifier(), token);
    }

    private static RejectionReason rejection(AccessTokenVerifier verifier, String token) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));
        assertThat(e).as("token must be rejected").isNotNull();
        if (token != null && token.length() > 20) {
            assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.substring(0, token.indexOf('.') > 0 ? token.indexOf('.') : 10));
        }
        return e.reason();
    }

    // --- happy paths ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void issuedTokenVerifiesAndRoundTripsItsClaims(SigningAlgorithm alg) throws Exception {
        IssuedToken issued = issuer(TestKeys.key(alg), clock)
                .issue("user-7", "tenant-3", "admin", List.of("projects:read", "keys:write"), "sess-9");

        AccessTokenClaims claims = verifier().verify(issued.token());

        assertThat(claims).isEqualTo(issued.claims());
        assertThat(claims.subject()).isEqualTo("user-7");
        assertThat(claims.tenantId()).isEqualTo("tenant-3");
        assertThat(claims.role()).isEqualTo("admin");
        assertThat(claims.scope()).containsExactly("projects:read", "keys:write");
        assertThat(claims.hasScope("keys:write")).isTrue();
        assertThat(claims.sessionId()).isEqualTo("sess-9");
        assertThat(claims.issuedAt()).isEqualTo(T0);
        assertThat(claims.notBefore()).isEqualTo(T0);
        assertThat(claims.expiresAt()).isEqualTo(T0.plus(TTL));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void issuedTokenHasTheContractHeaderAndClaims(SigningAlgorithm alg) throws Exception {
        SigningKey key = TestKeys.key(alg);
        IssuedToken issued = issuer(key, clock).issue("u", "t", "member", List.of("a"), "s");

        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jwsAlgorithm());
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.kid());
        assertThat(jwt.getHeader().toJSONObject().keySet()).containsExactlyInAnyOrder("alg", "typ", "kid");
        assertThat(jwt.getPayload().toJSONObject().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "tid", "role", "scope", "sid", "jti", "iat", "nbf", "exp");
        String jti = (String) jwt.getPayload().toJSONObject().get("jti");
        assertThat(Base64.getUrlDecoder().decode(jti)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void everyTokenGetsAFreshJti() {
        AccessTokenIssuer issuer = issuer(ed, clock);
        Set<String> jtis = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            jtis.add(issuer.issue("u", "t", "member", null, "s").claims().jti());
        }
        assertThat(jtis).hasSize(200);
    }

    @Test
    void tokensAreStandardJwsThatIndependentImplementationsVerify() throws Exception {
        // ES256 and RS256 through Nimbus's verifiers, EdDSA through the JDK's own Ed25519: our
        // Bouncy Castle signer produces ordinary RFC 8037 signatures.
        String esToken = issuer(es, clock).issue("u", "t", "member", null, "s").token();
        assertThat(JWSObject.parse(esToken).verify(new ECDSAVerifier(es.publicJwk().toECKey()))).isTrue();
        String rsToken = issuer(rs, clock).issue("u", "t", "member", null, "s").token();
        assertThat(JWSObject.parse(rsToken).verify(new RSASSAVerifier(rs.publicJwk().toRSAKey()))).isTrue();

        String edToken = issuer(ed, clock).issue("u", "t", "member", null, "s").token();
        int lastDot = edToken.lastIndexOf('.');
        byte[] x = ed.publicJwk().toOctetKeyPair().getDecodedX();
        byte[] spki = new byte[12 + 32];
        System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(x, 0, spki, 12, 32);
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkKey);
        jdk.update(edToken.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        assertThat(jdk.verify(Base64.getUrlDecoder().decode(edToken.substring(lastDot + 1)))).isTrue();
    }

    @Test
    void tokenWithoutScopeHasEmptyScope() throws Exception {
        IssuedToken issued = issuer(ed, clock).issue("u", "t", "member", List.of(), "s");
        assertThat(SignedJWT.parse(issued.token()).getPayload().toJSONObject()).doesNotContainKey("scope");
        assertThat(verifier().verify(issued.token()).scope()).isEmpty();
    }

    @Test
    void audienceMayBeAnArrayThatContainsOurs() throws Exception {
        Map<String, Object> p = payload(T0);
        p.put("aud", List.of("other-api", AUDIENCE));
        assertThat(verifier().verify(signed(ed, header(ed), p)).subject()).isEqualTo("user-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"})
    void typeIsCaseInsensitiveAndMayCarryTheApplicationPrefix(String typ) throws Exception {
        Map<String, Object> h = header(ed);
        h.put("typ", typ);
        assertThat(verifier().verify(signed(ed, h, payload(T0))).jti()).isEqualTo("jti-1");
    }

    // --- alg: none, confusion, mismatch -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "nOnE", "None", " none"})
    void unsignedTokensAreRejectedInAnyLetterCase(String alg) {
        Map<String, Object> h = Map.of("alg", alg, "typ", "at+jwt", "kid", ed.kid());
        assertThat(rejection(unsigned(h, payload(T0), ""))).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        // …also with some junk where the signature would be
        assertThat(rejection(unsigned(h, payload(T0), b64("x".getBytes(StandardCharsets.US_ASCII)))))
                .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void hmacSignedWithOurPublicKeyIsRejected(SigningAlgorithm alg) throws Exception {
        // Algorithm confusion: an attacker knows our public key and uses its bytes as the HMAC secret,
        // hoping the verifier feeds "the key" to whatever alg the token names.
        SigningKey key = TestKeys.key(alg);
        JWK pub = key.publicJwk();
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(pub.toJSONString().getBytes(StandardCharsets.UTF_8));
        byte[] encoded = switch (alg) {
            case EdDSA -> pub.toOctetKeyPair().getDecodedX();
            case ES256 -> pub.toECKey().toPublicKey().getEncoded();
            case RS256 -> pub.toRSAKey().toPublicKey().getEncoded();
        };
        secrets.add(encoded);
        if (alg != SigningAlgorithm.EdDSA) {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded)
                    + "\n-----END PUBLIC KEY-----\n";
            secrets.add(pem.getBytes(StandardCharsets.US_ASCII));
        }
        for (JWSAlgorithm hs : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            for (byte[] secret : secrets) {
                if (secret.length * 8 < 512 && hs != JWSAlgorithm.HS256) {
                    continue; // MACSigner refuses secrets shorter than the hash
                }
                JWSObject jws = new JWSObject(new JWSHeader.Builder(hs).type(new JOSEObjectType("at+jwt"))
                        .keyID(key.kid()).build(), new Payload(payload(T0)));
                jws.sign(new MACSigner(secret));
                assertThat(rejection(jws.serialize())).as(hs + " with " + secret.length + "-byte secret")
                        .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
            }
        }
    }

    @Test
    void tokenAlgorithmMustBeTheAlgorithmOfTheKeyItNames() {
        // Signed correctly with the ES256 key, but claiming the EdDSA key's kid, and vice versa.
        Map<String, Object> h = header(es);
        h.put("kid", ed.kid());
        assertThat(rejection(signed(es, h, payload(T0)))).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
        Map<String, Object> h2 = header(ed);
        h2.put("kid", rs.kid());
        assertThat(rejection(signed(ed, h2, payload(T0)))).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PS256", "ES384", "RS512", "Ed25519", "eddsa", "es256", "HS256"})
    void otherAlgorithmsAreRejected(String alg) {
        Map<String, Object> h = header(ed);
        h.put("alg", alg);
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
    }

    // --- kid ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"../../dev/null", "/etc/passwd", "' OR 1=1--", "x'; DROP TABLE keys;--",
            "http://attacker.example/key", "", "unknown-kid"})
    void unknownOrHostileKidIsJustAnUnknownKey(String kid) {
        Map<String, Object> h = header(ed);
        h.put("kid", kid);
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void missingOrNonStringKidIsAnUnknownKey() {
        Map<String, Object> h = header(ed);
        h.remove("kid");
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.UNKNOWN_KEY);
        h.put("kid", 42);
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokenSignedByAForeignKeyWithOurKidHasABadSignature(SigningAlgorithm alg) {
        SigningKey ours = TestKeys.key(alg);
        SigningKey attackers = alg == SigningAlgorithm.RS256 ? TestKeys.otherRsaKey() : SigningKey.generate(alg, clock);
        assertThat(rejection(signed(attackers, header(ours), payload(T0)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    // --- headers -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u", "jwk", "x5c"})
    void headersPointingAtKeyMaterialAreForbiddenEvenWhenTheSignatureIsValid(String name) {
        Map<String, Object> h = header(ed);
        Object value = switch (name) {
            case "jwk" -> ed.publicJwk().toJSONObject();
            case "x5c" -> List.of("MIIBszCCAVmgAwIBAgIUY");
            default -> "https://attacker.example/keys.json";
        };
        h.put(name, value);
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.FORBIDDEN_HEADER);
    }

    @Test
    void embeddedAttackerJwkIsForbidden() {
        // CVE-2018-0114 style: the token carries its own (attacker's) key and is signed with it.
        SigningKey attackers = SigningKey.generate(SigningAlgorithm.EdDSA, clock);
        Map<String, Object> h = header(attackers);
        h.put("jwk", attackers.publicJwk().toJSONObject());
        assertThat(rejection(signed(attackers, h, payload(T0)))).isEqualTo(RejectionReason.FORBIDDEN_HEADER);
    }

    @Test
    void anyCriticalHeaderIsUnknown() {
        Map<String, Object> h = header(ed);
        h.put("crit", List.of("exp"));
        h.put("exp", T0.getEpochSecond());
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.UNKNOWN_CRITICAL_HEADER);
        Map<String, Object> b64 = header(ed);
        b64.put("crit", List.of("b64"));
        b64.put("b64", false);
        assertThat(rejection(signed(ed, b64, payload(T0)))).isEqualTo(RejectionReason.UNKNOWN_CRITICAL_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+JWT2", "application/jwt", "secevent+jwt", ""})
    void wrongTypeIsRejected(String typ) {
        Map<String, Object> h = header(ed);
        h.put("typ", typ);
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    @Test
    void missingTypeIsRejected() {
        Map<String, Object> h = header(ed);
        h.remove("typ");
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.WRONG_TYPE);
    }

    // --- signature ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void strippedTruncatedOrFlippedSignaturesAreBad(SigningAlgorithm alg) {
        String token = issuer(TestKeys.key(alg), clock).issue("u", "t", "member", null, "s").token();
        int lastDot = token.lastIndexOf('.');
        String input = token.substring(0, lastDot);
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));

        assertThat(rejection(input + ".")).as("stripped").isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(rejection(token.substring(0, token.length() - 1))).as("one char cut").isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(rejection(token.substring(0, token.length() - 8))).as("truncated").isEqualTo(RejectionReason.BAD_SIGNATURE);
        for (int bit : new int[] {0, 7, sig.length * 4, sig.length * 8 - 1}) {
            byte[] flipped = sig.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(rejection(input + "." + b64(flipped))).as("bit " + bit).isEqualTo(RejectionReason.BAD_SIGNATURE);
        }
        byte[] longer = java.util.Arrays.copyOf(sig, sig.length + 1);
        assertThat(rejection(input + "." + b64(longer))).as("one byte appended").isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void flippedPayloadBitIsABadSignature() {
        String token = issuer(ed, clock).issue("u", "t", "member", null, "s").token();
        String[] parts = token.split("\\.");
        String payloadJson = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"role\":\"member\"", "\"role\":\"owner\"");
        assertThat(rejection(parts[0] + "." + b64(payloadJson) + "." + parts[2])).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void nonCanonicalBase64OfAValidSignatureIsNotAccepted() {
        // The last base64url character of a 64-byte signature carries 2 bits and 4 unused ones;
        // setting an unused bit gives a different string for the same bytes. Lenient decoders accept it.
        String token = issuer(ed, clock).issue("u", "t", "member", null, "s").token();
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String twin = token.substring(0, token.length() - 1) + sibling;
        assertThat(Base64.getUrlDecoder().decode(twin.substring(twin.lastIndexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)));
        assertThat(rejection(twin)).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void psychicSignatureAllZeroEs256IsBad() {
        // CVE-2022-21449: r = s = 0 verified against any message on unpatched JDKs.
        String zero = b64(new byte[64]);
        assertThat(rejection(unsigned(header(es), payload(T0), zero))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void es256SignatureWithRAndSEqualToTheCurveOrderIsBad() {
        byte[] n = HexFormat.of().parseHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        byte[] sig = new byte[64];
        System.arraycopy(n, 0, sig, 0, 32);
        System.arraycopy(n, 0, sig, 32, 32);
        assertThat(rejection(unsigned(header(es), payload(T0), b64(sig)))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void derEncodedEs256SignatureIsBad() {
        // JWS wants the raw 64-byte r||s; a DER signature of the right message must still fail.
        assertThat(rejection(unsigned(header(es), payload(T0), b64(new byte[72])))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void allZeroEd25519SignatureIsBad() {
        assertThat(rejection(unsigned(header(ed), payload(T0), b64(new byte[64])))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    // --- malformed ---------------------------------------------------------------------------------

    @Test
    void oversizedTokenIsMalformedBeforeParsing() {
        String huge = "a".repeat(AccessTokenVerifier.MAX_TOKEN_CHARS) + ".b.c";
        assertThat(rejection(huge)).isEqualTo(RejectionReason.MALFORMED);
        Map<String, Object> p = payload(T0);
        p.put("pad", "x".repeat(AccessTokenVerifier.MAX_TOKEN_CHARS));
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "..", "a..c", ".b.c", "!!!.b.c", "e30.e30.AA", "bnVsbA.e30.AA"})
    void structurallyBrokenTokensAreMalformed(String token) {
        assertThat(rejection(token)).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void nullTokenIsMalformed() {
        assertThat(rejection(null)).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void paddedOrNonJsonHeaderIsMalformed() {
        String token = signed(ed, header(ed), payload(T0));
        String[] parts = token.split("\\.");
        String padded = Base64.getUrlEncoder().encodeToString(json(header(ed)).getBytes(StandardCharsets.UTF_8));
        if (!padded.endsWith("=")) {
            padded = Base64.getUrlEncoder().encodeToString((json(header(ed)) + " ").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(padded).endsWith("=");
        assertThat(rejection(padded + "." + parts[1] + "." + parts[2])).isEqualTo(RejectionReason.MALFORMED);
        assertThat(rejection(b64("not json") + "." + parts[1] + "." + parts[2])).isEqualTo(RejectionReason.MALFORMED);
        assertThat(rejection(b64(new byte[] {(byte) 0xC3, 0x28}) + "." + parts[1] + "." + parts[2]))
                .isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void duplicateHeaderMembersAreMalformed() {
        String headerJson = "{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + ed.kid() + "\",\"alg\":\"none\"}";
        assertThat(rejection(signedRaw(ed, headerJson, json(payload(T0))))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void deeplyNestedJsonIsMalformedNotAStackOverflow() {
        String nested = "{\"alg\":\"EdDSA\",\"x\":" + "[".repeat(2_900) + "]".repeat(2_900) + "}";
        String token = b64(nested) + "." + b64(json(payload(T0))) + ".AAAA";
        assertThat(token.length()).isLessThanOrEqualTo(AccessTokenVerifier.MAX_TOKEN_CHARS);
        assertThat(rejection(token)).isIn(RejectionReason.MALFORMED, RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void hugeNumericDatesAreMalformed() {
        String payloadJson = json(payload(T0)).replaceFirst("\"exp\":\\d+", "\"exp\":99999999999999999999999");
        assertThat(payloadJson).contains("99999999999999999999999");
        assertThat(rejection(signedRaw(ed, json(header(ed)), payloadJson))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void headerWithoutAlgIsMalformed() {
        Map<String, Object> h = header(ed);
        h.remove("alg");
        assertThat(rejection(signed(ed, h, payload(T0)))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void payloadThatIsNotJsonIsMalformedEvenWhenSigned() {
        assertThat(rejection(signedRaw(ed, json(header(ed)), "[1,2,3]"))).isEqualTo(RejectionReason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "nbf"})
    void nonNumericDatesAreMalformed(String claim) {
        Map<String, Object> p = payload(T0);
        p.put(claim, "tomorrow");
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MALFORMED);
        p.put(claim, 1e300);
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MALFORMED);
    }

    @Test
    void wrongClaimTypesAreMalformed() {
        Map<String, Object> p = payload(T0);
        p.put("sub", 12);
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MALFORMED);
        Map<String, Object> s = payload(T0);
        s.put("scope", List.of("a", "b"));
        assertThat(rejection(signed(ed, header(ed), s))).isEqualTo(RejectionReason.MALFORMED);
        Map<String, Object> a = payload(T0);
        a.put("aud", List.of(AUDIENCE, 3));
        assertThat(rejection(signed(ed, header(ed), a))).isEqualTo(RejectionReason.MALFORMED);
        a.put("aud", 3);
        assertThat(rejection(signed(ed, header(ed), a))).isEqualTo(RejectionReason.MALFORMED);
    }

    // --- claims ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "sub", "tid", "role", "sid", "jti", "iat", "nbf", "exp"})
    void missingRequiredClaimIsRejected(String claim) {
        Map<String, Object> p = payload(T0);
        p.remove(claim);
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MISSING_CLAIM);
    }

    @Test
    void blankRequiredClaimIsMissing() {
        Map<String, Object> p = payload(T0);
        p.put("tid", " ");
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.MISSING_CLAIM);
    }

    @Test
    void wrongIssuerIsRejected() {
        AccessTokenIssuer other = new AccessTokenIssuer(ring, "someone-else", AUDIENCE, TTL, clock);
        assertThat(rejection(other.issue("u", "t", "member", null, "s").token())).isEqualTo(RejectionReason.WRONG_ISSUER);
    }

    @Test
    void wrongAudienceIsRejected() {
        AccessTokenIssuer other = new AccessTokenIssuer(ring, ISSUER, "another-api", TTL, clock);
        assertThat(rejection(other.issue("u", "t", "member", null, "s").token())).isEqualTo(RejectionReason.WRONG_AUDIENCE);
        Map<String, Object> p = payload(T0);
        p.put("aud", List.of());
        assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.WRONG_AUDIENCE);
    }

    @Test
    void revokedTokenIsRejected() throws Exception {
        IssuedToken issued = issuer(ed, clock).issue("u", "t", "member", null, "s");
        verifier().verify(issued.token());
        revokedJtis.add(issued.claims().jti());
        assertThat(rejection(issued.token())).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void revocationCheckFailureIsNotAnAcceptance() {
        AccessTokenVerifier failing = new AccessTokenVerifier(ring, ISSUER, AUDIENCE, SKEW, clock,
                claims -> {
                    throw new IllegalStateException("store down");
                }, VerifiedTokenCache.disabled());
        String token = issuer(ed, clock).issue("u", "t", "member", null, "s").token();
        assertThatThrownBy(() -> failing.verify(token)).isInstanceOf(IllegalStateException.class);
    }

    // --- time --------------------------------------------------------------------------------------

    @Nested
    class Time {

        private String token;

        @BeforeEach
        void issueAtT0() {
            token = issuer(ed, new TestKeys.MutableClock(T0)).issue("u", "t", "member", null, "s").token();
        }

        @Test
        void validUntilJustBeforeExpPlusSkew() throws Exception {
            clock.set(T0.plus(TTL).plus(SKEW).minusMillis(1));
            assertThat(verifier().verify(token).subject()).isEqualTo("u");
        }

        @Test
        void expiredAtExpPlusSkew() {
            clock.set(T0.plus(TTL).plus(SKEW));
            assertThat(rejection(token)).isEqualTo(RejectionReason.EXPIRED);
        }

        @Test
        void longExpiredIsExpired() {
            clock.set(T0.plus(Duration.ofDays(3)));
            assertThat(rejection(token)).isEqualTo(RejectionReason.EXPIRED);
        }

        @Test
        void notBeforeWithinSkewIsAccepted() throws Exception {
            clock.set(T0.minus(SKEW));
            assertThat(verifier().verify(token).subject()).isEqualTo("u");
        }

        @Test
        void notBeforeBeyondSkewIsNotYetValid() {
            clock.set(T0.minus(SKEW).minusMillis(1));
            assertThat(rejection(token)).isEqualTo(RejectionReason.NOT_YET_VALID);
        }

        @Test
        void issuedInTheFutureBeyondSkewIsNotYetValid() {
            Map<String, Object> p = payload(T0);
            p.put("iat", T0.plus(SKEW).plusSeconds(1).getEpochSecond());
            assertThat(rejection(signed(ed, header(ed), p))).isEqualTo(RejectionReason.NOT_YET_VALID);
            p.put("iat", T0.plus(SKEW).getEpochSecond());
            assertThat(catchThrowableOfType(TokenRejectedException.class,
                    () -> verifier().verify(signed(ed, header(ed), p)))).isNull();
        }

        @Test
        void fractionalNumericDatesAreAccepted() throws Exception {
            Map<String, Object> p = payload(T0);
            p.put("exp", T0.plus(TTL).getEpochSecond() + 0.75);
            assertThat(verifier().verify(signed(ed, header(ed), p)).expiresAt()).isEqualTo(T0.plus(TTL));
        }
    }

    // --- constructor -------------------------------------------------------------------------------

    @Test
    void clockSkewIsBounded() {
        assertThatThrownBy(() -> new AccessTokenVerifier(ring, ISSUER, AUDIENCE, Duration.ofMinutes(3), clock,
                c -> false, VerifiedTokenCache.disabled())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenVerifier(ring, ISSUER, AUDIENCE, Duration.ofSeconds(-1), clock,
                c -> false, VerifiedTokenCache.disabled())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenVerifier(ring, " ", AUDIENCE, SKEW, clock,
                c -> false, VerifiedTokenCache.disabled())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issuerRefusesBlankClaimsAndScopesWithSpaces() {
        AccessTokenIssuer issuer = issuer(ed, clock);
        assertThatThrownBy(() -> issuer.issue(" ", "t", "r", null, "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.issue("u", "t", "r", List.of("a b"), "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.issue("u", "t", "r", List.of(""), "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.issue("u", "t", "r", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenIssuer(ring, ISSUER, AUDIENCE, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectionMessageNamesTheReasonButNotTheToken() {
        String token = signed(ed, header(ed), payload(T0.minus(Duration.ofDays(1))));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier().verify(token));
        assertThat(e.reason()).isEqualTo(RejectionReason.EXPIRED);
        assertThat(e.getMessage()).startsWith("EXPIRED").doesNotContain(token).doesNotContain("user-1");
        assertThat(e.getStackTrace()).isEmpty();
    }

}
