package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void generatedKeyHasThumbprintKidAndAPublicJwkWithKidAlgUse(SigningAlgorithm alg) throws Exception {
        SigningKey key = TestKeys.key(alg);
        JWK pub = key.publicJwk();

        assertThat(key.algorithm()).isEqualTo(alg);
        assertThat(key.kid()).isEqualTo(pub.computeThumbprint().toString()).hasSize(43);
        assertThat(key.jwk().isPrivate()).isTrue();
        assertThat(pub.isPrivate()).isFalse();
        assertThat(pub.getKeyID()).isEqualTo(key.kid());
        assertThat(pub.getAlgorithm()).isEqualTo(alg.jwsAlgorithm());
        assertThat(pub.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(pub.toJSONObject().keySet()).doesNotContainAnyElementsOf(PRIVATE_MEMBERS);
        assertThat(key.createdAt()).isEqualTo(T0.minusSeconds(3600));
        assertThat(key.toString()).contains(key.kid()).doesNotContain(privateValue(key));
    }

    @Test
    void generatedRsaKeysAre3072Bits() {
        assertThat(TestKeys.key(SigningAlgorithm.RS256).jwk().size()).isEqualTo(3072);
    }

    @Test
    void generatedKidsDiffer() {
        TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);
        assertThat(SigningKey.generate(SigningAlgorithm.EdDSA, clock).kid())
                .isNotEqualTo(SigningKey.generate(SigningAlgorithm.EdDSA, clock).kid());
    }

    @Test
    void importedJwkKeepsItsKidUnlessReplaced() throws Exception {
        JWK raw = new ECKeyGenerator(Curve.P_256).keyID("my-key-2026").generate();
        assertThat(SigningKey.fromPrivateJwk(raw, T0, false).kid()).isEqualTo("my-key-2026");
        assertThat(SigningKey.fromPrivateJwk(raw, T0, true).kid()).isEqualTo(raw.computeThumbprint().toString());
    }

    @Test
    void refusesKeysItMustNotSignWith() throws Exception {
        SigningKey ed = TestKeys.key(SigningAlgorithm.EdDSA);
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(ed.publicJwk(), T0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private part");

        OctetKeyPair other = SigningKey.generate(SigningAlgorithm.EdDSA, new TestKeys.MutableClock(T0)).jwk().toOctetKeyPair();
        OctetKeyPair spliced = new OctetKeyPair.Builder(Curve.Ed25519, other.getX()).d(ed.jwk().toOctetKeyPair().getD()).build();
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(spliced, T0, true)).isInstanceOf(IllegalArgumentException.class);

        JWK wrongAlg = new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES384).generate();
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(wrongAlg, T0, true)).hasMessageContaining("alg");

        JWK encryption = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION).generate();
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(encryption, T0, true)).hasMessageContaining("use");

        JWK p384 = new ECKeyGenerator(Curve.P_384).generate();
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(p384, T0, true)).hasMessageContaining("unsupported key type");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair small = rsa.generateKeyPair();
        JWK weak = new RSAKey.Builder((RSAPublicKey) small.getPublic()).privateKey((RSAPrivateKey) small.getPrivate()).build();
        assertThatThrownBy(() -> SigningKey.fromPrivateJwk(weak, T0, true)).hasMessageContaining("2048");
    }

    @Test
    void signingAlgorithmParsesNamesIgnoringCase() {
        assertThat(SigningAlgorithm.parse("EdDSA")).isEqualTo(SigningAlgorithm.EdDSA);
        assertThat(SigningAlgorithm.parse("eddsa")).isEqualTo(SigningAlgorithm.EdDSA);
        assertThat(SigningAlgorithm.parse("es256")).isEqualTo(SigningAlgorithm.ES256);
        assertThat(SigningAlgorithm.parse("RS256")).isEqualTo(SigningAlgorithm.RS256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "none", "Ed25519", "ES 256", " EdDSA", ""})
    void signingAlgorithmRejectsEverythingElseClearly(String name) {
        assertThatThrownBy(() -> SigningAlgorithm.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EdDSA, ES256, RS256");
        assertThatThrownBy(() -> SigningAlgorithm.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- KeyRing -----------------------------------------------------------------------------------

    @Test
    void ringSignsWithTheNewestAndVerifiesWithAll() {
        TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);
        SigningKey old = SigningKey.generate(SigningAlgorithm.EdDSA, clock);
        clock.set(T0.plusSeconds(60));
        SigningKey newest = SigningKey.generate(SigningAlgorithm.EdDSA, clock);
        clock.set(T0.plusSeconds(30));
        SigningKey middle = SigningKey.generate(SigningAlgorithm.EdDSA, clock);

        KeyRing ring = KeyRing.of(List.of(old, newest, middle));

        assertThat(ring.active()).isSameAs(newest);
        assertThat(ring.keys()).containsExactly(newest, middle, old);
        assertThat(ring.byKid(old.kid())).containsSame(old);
        assertThat(ring.byKid("nope")).isEmpty();
        assertThat(ring.byKid(null)).isEmpty();
        assertThat(ring.toString()).contains(newest.kid());
    }

    @Test
    void ringRefusesEmptyAndDuplicateKids() {
        SigningKey key = TestKeys.key(SigningAlgorithm.EdDSA);
        assertThatThrownBy(() -> KeyRing.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRing.of(List.of(key, key))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.kid());
    }

    @Test
    @SuppressWarnings("unchecked")
    void publicJwksHasEveryKeyAndNoPrivateMember() throws Exception {
        KeyRing ring = KeyRing.of(List.of(TestKeys.key(SigningAlgorithm.EdDSA), TestKeys.key(SigningAlgorithm.ES256),
                TestKeys.key(SigningAlgorithm.RS256)));

        Map<String, Object> jwks = ring.publicJwks();
        String json = JSONObjectUtils.toJSONString(jwks);
        Map<String, Object> reparsed = JSONObjectUtils.parse(json);

        List<Map<String, Object>> keys = (List<Map<String, Object>>) reparsed.get("keys");
        assertThat(reparsed.keySet()).containsExactly("keys");
        assertThat(keys).hasSize(3);
        List<String> kids = new ArrayList<>();
        for (Map<String, Object> k : keys) {
            assertThat(k.keySet()).doesNotContainAnyElementsOf(PRIVATE_MEMBERS).contains("kid", "alg", "use", "kty");
            assertThat(k.get("use")).isEqualTo("sig");
            kids.add((String) k.get("kid"));
        }
        assertThat(kids).containsExactlyInAnyOrderElementsOf(ring.keys().stream().map(SigningKey::kid).toList());
        for (SigningKey key : ring.keys()) {
            assertThat(json).doesNotContain(privateValue(key));
        }
        assertThat(com.nimbusds.jose.jwk.JWKSet.parse(json).getKeys()).allMatch(k -> !k.isPrivate());
    }

    private static String privateValue(SigningKey key) {
        Object d = key.jwk().toJSONObject().get("d");
        assertThat(d).isInstanceOf(String.class);
        return (String) d;
    }

}
