package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.SigningKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every forged, tampered or out-of-policy token is refused over real HTTP with a plain {@code invalid_token}.
 * The server signs with ES256 here so the test can build correctly signed tokens with hostile headers using
 * Nimbus; the EdDSA default is exercised by the other end-to-end tests and the core verifier tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtRejectionHttpTest {

    private TestServer server;
    private HttpJson http;
    private Fixtures.Account account;
    private SigningKey serverKey;
    private ECKey serverEc;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = TestServer.start(dataDir, Map.of("BULWARK_JWT_ALG", "ES256"));
        http = server.client();
        account = Fixtures.registerAndLogin(http, "jwt-target");
        KeyRing ring = KeyDirectory.load(dataDir.resolve("keys"));
        serverKey = ring.active();
        serverEc = (ECKey) serverKey.jwk();
        assertThat(http.get("/auth/me", account.access()).status()).isEqualTo(200);
        assertThat(http.get("/auth/me", signed(h -> { }, c -> { })).status())
                .as("the test's own correctly signed token is accepted, so each rejection below is meaningful")
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void algNoneInAnyCaseIsRefused() {
        String[] parts = account.access().split("\\.");
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + serverKey.kid() + "\"}");
            refused(header + "." + parts[1] + ".");
            refused(header + "." + parts[1]);
        }
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        List<byte[]> secrets = List.of(
                serverEc.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                serverEc.toECPublicKey().getEncoded(),
                http.get("/.well-known/jwks.json", null).body().getBytes(StandardCharsets.UTF_8));
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            for (byte[] secret : secrets) {
                byte[] key = secret.length >= 64 ? secret : java.util.Arrays.copyOf(secret, 64);
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt"))
                        .keyID(serverKey.kid()).build(), claims(c -> { }));
                jwt.sign(new MACSigner(key));
                refused(jwt.serialize());
            }
        }
    }

    @Test
    void unknownAndInjectedKidAreRefused() throws Exception {
        for (String kid : List.of("no-such-key", "../../../../dev/null", "' OR '1'='1", "/etc/passwd",
                "file:///dev/null", "")) {
            refused(signed(h -> h.keyID(kid), c -> { }));
        }
        refused(signed(h -> h.keyID(null), c -> { }));
    }

    @Test
    void keyCarryingHeadersAreRefused() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(serverKey.kid()).generate();
        refused(signed(h -> h.jwkURL(URI.create("https://attacker.example/jwks.json")), c -> { }));
        refused(signed(h -> h.x509CertURL(URI.create("https://attacker.example/cert.pem")), c -> { }));
        refused(signed(h -> h.jwk(attacker.toPublicJWK()), c -> { }));
        refused(signed(h -> h.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode("not a cert"))),
                c -> { }));
        // The attacker's own key, embedded and used to sign: the classic jwk-injection forgery.
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(serverKey.kid()).jwk(attacker.toPublicJWK()).build(), claims(c -> { }));
        forged.sign(new ECDSASigner(attacker));
        refused(forged.serialize());
    }

    @Test
    void unknownCriticalHeaderIsRefused() throws Exception {
        refused(signed(h -> h.criticalParams(Set.of("exp-policy")).customParam("exp-policy", "lenient"), c -> { }));
    }

    @Test
    void damagedSignaturesAreRefused() {
        String token = account.access();
        String[] parts = token.split("\\.");
        refused(parts[0] + "." + parts[1] + ".");
        refused(parts[0] + "." + parts[1]);
        refused(token.substring(0, token.length() - 10));
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        for (int i : new int[] {0, sig.length / 2, sig.length - 1}) {
            byte[] flipped = sig.clone();
            flipped[i] ^= 0x01;
            refused(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped));
        }
        // A tampered payload under the original signature.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"owner\"", "\"admin\"");
        refused(parts[0] + "." + b64(payload) + "." + parts[2]);
    }

    @Test
    void allZeroEcdsaSignatureIsRefused() {
        String[] parts = account.access().split("\\.");
        refused(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]));
    }

    @Test
    void wrongIssuerAudienceAndTypeAreRefused() throws Exception {
        refused(signed(h -> { }, c -> c.issuer("someone-else")));
        refused(signed(h -> { }, c -> c.audience("another-api")));
        refused(signed(h -> h.type(JOSEObjectType.JWT), c -> { }));
        refused(signed(h -> h.type(null), c -> { }));
        KeyRing ring = KeyRing.of(List.of(serverKey));
        refused(new AccessTokenIssuer(ring, "evil", "bulwark-api", Duration.ofMinutes(5), Clock.systemUTC())
                .issue(account.userId(), account.tenantId(), "owner", List.of(), "sid").token());
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedBeyondTheSkew() throws Exception {
        KeyRing ring = KeyRing.of(List.of(serverKey));
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        refused(new AccessTokenIssuer(ring, "bulwark", "bulwark-api", Duration.ofMinutes(15), past)
                .issue(account.userId(), account.tenantId(), "owner", List.of(), "sid").token());
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        refused(new AccessTokenIssuer(ring, "bulwark", "bulwark-api", Duration.ofMinutes(15), future)
                .issue(account.userId(), account.tenantId(), "owner", List.of(), "sid").token());
        // Within the 30 s skew both ways: accepted.
        Clock slightlyAhead = Clock.fixed(Instant.now().plusSeconds(10), ZoneOffset.UTC);
        String ahead = new AccessTokenIssuer(ring, "bulwark", "bulwark-api", Duration.ofMinutes(15), slightlyAhead)
                .issue(account.userId(), account.tenantId(), "owner", List.of(), "sid-ahead").token();
        assertThat(http.get("/auth/me", ahead).status()).isEqualTo(200);
        refused(signed(h -> { }, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(45)))));
    }

    @Test
    void aKeyThatIsNotOursIsRefusedEvenUnderOurKid() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(serverKey.kid()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(serverKey.kid()).build(), claims(c -> { }));
        jwt.sign(new ECDSASigner(other));
        refused(jwt.serialize());
    }

    private void refused(String token) {
        HttpJson.Response r = http.get("/auth/me", token);
        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(r.json().get("detail").asText()).isEqualTo("the access token is not valid");
    }

    /** A token signed with the server's real key, after the given header and claim changes. */
    private String signed(Consumer<JWSHeader.Builder> header, Consumer<JWTClaimsSet.Builder> claims)
            throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(serverKey.kid());
        header.accept(h);
        SignedJWT jwt = new SignedJWT(h.build(), claims(claims));
        jwt.sign(new ECDSASigner(serverEc));
        return jwt.serialize();
    }

    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> changes) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer("bulwark").audience("bulwark-api")
                .subject(account.userId()).claim("tid", account.tenantId()).claim("role", "owner")
                .claim("sid", "test-session").jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        changes.accept(c);
        return c.build();
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
