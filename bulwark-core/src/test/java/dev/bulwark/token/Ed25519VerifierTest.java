package dev.bulwark.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ed25519VerifierTest {

    private static final JWSHeader EDDSA = new JWSHeader(JWSAlgorithm.EdDSA);
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final SigningKey key = TestKeys.key(SigningAlgorithm.EdDSA);
    private final byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);

    private byte[] sign(byte[] m) throws JOSEException {
        return key.signer().sign(EDDSA, m).decode();
    }

    private Ed25519Verifier verifier() throws JOSEException {
        return new Ed25519Verifier(key.publicJwk().toOctetKeyPair());
    }

    @Test
    void acceptsItsOwnSignaturesAndRejectsOtherMessages() throws Exception {
        byte[] sig = sign(message);
        assertThat(verifier().verify(EDDSA, message, Base64URL.encode(sig))).isTrue();
        assertThat(verifier().verify(EDDSA, "header.payloaD".getBytes(StandardCharsets.US_ASCII), Base64URL.encode(sig)))
                .isFalse();
    }

    @Test
    void rejectsWrongLengthSignatures() throws Exception {
        byte[] sig = sign(message);
        for (int length : new int[] {0, 1, 32, 63, 65, 128}) {
            assertThat(verifier().verify(EDDSA, message, Base64URL.encode(Arrays.copyOf(sig, length))))
                    .as("length " + length).isFalse();
        }
    }

    @Test
    void rejectsNonCanonicalScalar() throws Exception {
        // S + L is the same scalar mod L: a lax verifier accepts it, giving a second valid signature.
        byte[] sig = sign(message);
        byte[] s = reverse(Arrays.copyOfRange(sig, 32, 64));
        BigInteger malleated = new BigInteger(1, s).add(L);
        assertThat(malleated.bitLength()).isLessThanOrEqualTo(256);
        byte[] be = malleated.toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(be, Math.max(0, be.length - 32), fixed, Math.max(0, 32 - be.length), Math.min(32, be.length));
        byte[] forged = Arrays.copyOf(sig, 64);
        System.arraycopy(reverse(fixed), 0, forged, 32, 32);

        assertThat(forged).isNotEqualTo(sig);
        assertThat(verifier().verify(EDDSA, message, Base64URL.encode(forged))).isFalse();
    }

    @Test
    void rejectsNonCanonicalPointR() throws Exception {
        // R with y = p + 1 (all ones but the top bits): not a canonical encoding.
        byte[] sig = sign(message);
        byte[] forged = sig.clone();
        Arrays.fill(forged, 0, 32, (byte) 0xff);
        forged[31] = (byte) 0x7f;
        assertThat(verifier().verify(EDDSA, message, Base64URL.encode(forged))).isFalse();
    }

    @Test
    void verifiesSignaturesMadeByTheJdk() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(pair.getPrivate());
        jdk.update(message);
        byte[] sig = jdk.sign();
        Ed25519Verifier verifier = new Ed25519Verifier(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build());
        assertThat(verifier.verify(EDDSA, message, Base64URL.encode(sig))).isTrue();
    }

    @Test
    void refusesOtherAlgorithmsAndBadKeys() throws Exception {
        assertThatThrownBy(() -> verifier().verify(new JWSHeader(JWSAlgorithm.ES256), message, Base64URL.encode(new byte[64])))
                .isInstanceOf(JOSEException.class);
        assertThatThrownBy(() -> new Ed25519Verifier(new OctetKeyPair.Builder(Curve.X25519,
                Base64URL.encode(new byte[32])).build())).isInstanceOf(JOSEException.class);
        assertThatThrownBy(() -> new Ed25519Verifier(new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(new byte[31])).build())).isInstanceOf(JOSEException.class);
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        notAPoint[31] = 0x7f;
        assertThatThrownBy(() -> new Ed25519Verifier(new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(notAPoint)).build())).isInstanceOf(JOSEException.class);
        assertThat(verifier().supportedJWSAlgorithms()).containsExactly(JWSAlgorithm.EdDSA);
        assertThat(verifier().getJCAContext()).isNotNull();
    }

    @Test
    void signerRefusesAMismatchedPublicKeyAndOtherAlgorithms() throws Exception {
        OctetKeyPair ours = key.jwk().toOctetKeyPair();
        OctetKeyPair other = SigningKey.generate(SigningAlgorithm.EdDSA, java.time.Clock.systemUTC()).jwk().toOctetKeyPair();
        OctetKeyPair spliced = new OctetKeyPair.Builder(Curve.Ed25519, other.getX()).d(ours.getD()).build();
        assertThatThrownBy(() -> new Ed25519Signer(spliced)).isInstanceOf(JOSEException.class);
        assertThatThrownBy(() -> new Ed25519Signer(ours.toPublicJWK())).isInstanceOf(JOSEException.class);
        assertThatThrownBy(() -> key.signer().sign(new JWSHeader(JWSAlgorithm.ES256), message))
                .isInstanceOf(JOSEException.class);
        assertThat(key.signer().supportedJWSAlgorithms()).containsExactly(JWSAlgorithm.EdDSA);
        assertThat(key.signer().getJCAContext()).isNotNull();
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }
}
