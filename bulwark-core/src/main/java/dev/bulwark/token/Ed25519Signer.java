package dev.bulwark.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signs EdDSA (Ed25519) JWS with Bouncy Castle's RFC 8032 code. Nimbus's own Ed25519 signer needs
 * Google Tink, which core does not depend on.
 *
 * <p>Invariant: the public key handed to {@link Ed25519#sign} is the one derived from the private
 * seed here, never the {@code x} read from a file. Signing with a mismatched public key leaks the
 * private key (the "double public key" oracle on Ed25519 libraries), so a JWK whose {@code x} does
 * not match its {@code d} is refused.
 */
final class Ed25519Signer implements JWSSigner {

    private final byte[] seed;
    private final byte[] publicKey;
    private final JCAContext jcaContext = new JCAContext();

    Ed25519Signer(OctetKeyPair privateKey) throws JOSEException {
        if (!Curve.Ed25519.equals(privateKey.getCurve()) || !privateKey.isPrivate()) {
            throw new JOSEException("Ed25519Signer needs a private Ed25519 key");
        }
        byte[] d = privateKey.getDecodedD();
        if (d.length != Ed25519.SECRET_KEY_SIZE) {
            throw new JOSEException("Ed25519 private key must be " + Ed25519.SECRET_KEY_SIZE + " bytes");
        }
        byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(d, 0, derived, 0);
        if (!MessageDigest.isEqual(derived, privateKey.getDecodedX())) {
            throw new JOSEException("Ed25519 key: public part does not match the private part");
        }
        this.seed = d;
        this.publicKey = derived;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("Ed25519Signer only signs EdDSA, not " + header.getAlgorithm());
        }
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, signingInput, 0, signingInput.length, sig, 0);
        return Base64URL.encode(sig);
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
