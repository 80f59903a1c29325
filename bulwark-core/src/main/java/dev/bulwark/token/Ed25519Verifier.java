package dev.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies EdDSA (Ed25519) JWS signatures with Bouncy Castle's RFC 8032 implementation.
 *
 * <p>Why it exists: a signature check costs more than everything else in a request put together,
 * and on this machine Ed25519 through Bouncy Castle's low-level code verifies about 15,000
 * signatures a second against about 1,700 through the JDK's provider (DESIGN.md, "Measured").
 * Nimbus's own {@code Ed25519Verifier} also needs Google Tink, which core may not depend on.
 *
 * <p>What it checks, and where:
 * <ul>
 *   <li>the public key is decoded and fully validated once, in the constructor
 *       ({@link Ed25519#validatePublicKeyFullExport}: canonical encoding, on the curve, not of small
 *       order); a bad key is refused there, not on every call;</li>
 *   <li>the signature must be exactly 64 bytes — shorter or longer is a failed check, never an
 *       exception or a partial read;</li>
 *   <li>Bouncy Castle's {@code verify} rejects a non-canonical {@code R} (y ≥ p) and a
 *       non-canonical scalar {@code S} (S ≥ L), so a valid signature cannot be re-encoded into a
 *       second valid one (no malleability);</li>
 *   <li>the header's {@code alg} must be {@code EdDSA}; the token verifier has already pinned it to
 *       the key, this is the second lock on the same door.</li>
 * </ul>
 *
 * <p>Thread-safe and allocation-light: the decoded public point is immutable and shared.
 */
public final class Ed25519Verifier implements JWSVerifier {

    private final Ed25519.PublicPoint publicPoint;
    private final JCAContext jcaContext = new JCAContext();

    /**
     * @param publicKey an Ed25519 OKP JWK; only its public part ({@code x}) is used
     * @throws JOSEException if the key is not Ed25519 or its point does not validate
     */
    public Ed25519Verifier(OctetKeyPair publicKey) throws JOSEException {
        if (!Curve.Ed25519.equals(publicKey.getCurve())) {
            throw new JOSEException("Ed25519Verifier needs an Ed25519 key, not " + publicKey.getCurve());
        }
        byte[] encoded = publicKey.getDecodedX();
        if (encoded.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new JOSEException("Ed25519 public key must be " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, 0);
        if (point == null) {
            throw new JOSEException("Ed25519 public key is not a valid curve point");
        }
        this.publicPoint = point;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("Ed25519Verifier only verifies EdDSA, not " + header.getAlgorithm());
        }
        byte[] sig = signature.decode();
        if (sig.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(sig, 0, publicPoint, signingInput, 0, signingInput.length);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
