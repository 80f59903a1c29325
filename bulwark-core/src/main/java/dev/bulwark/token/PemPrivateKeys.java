package dev.bulwark.token;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Reads an unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}) — Ed25519,
 * EC P-256 or RSA, as {@code openssl genpkey} writes them — into a private JWK.
 *
 * <p>PKCS#8 holds only the private key for Ed25519 and often for EC, so the public part is derived
 * from the private one (never trusted from the file).
 */
final class PemPrivateKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** RFC 8410 id-Ed25519 (Bouncy Castle keeps its constant in an internal package). */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private PemPrivateKeys() {
    }

    /** @throws IllegalArgumentException naming what is wrong and how to convert the file */
    static JWK parse(String pem) {
        String text = pem.strip();
        if (text.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("encrypted PEM keys are not supported; decrypt with "
                    + "`openssl pkcs8 -in KEY -out KEY.pem -nocrypt` (and keep it 0600)");
        }
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("this is a PKCS#1/SEC1 key; convert it to PKCS#8 with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem`");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (expected " + BEGIN + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64");
        }
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("PEM body is not a PKCS#8 private key");
        }
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (ID_ED25519.equals(oid)) {
                return ed25519(info);
            }
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
                if (!SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
                    throw new IllegalArgumentException("EC keys must be on P-256 (secp256r1)");
                }
                return ecP256(der);
            }
            if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
                return rsa(der);
            }
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("PEM body is not a valid " + oid + " private key");
        }
        throw new IllegalArgumentException("unsupported key algorithm " + oid + "; use Ed25519, EC P-256 or RSA");
    }

    private static JWK ed25519(PrivateKeyInfo info) throws IOException {
        Ed25519PrivateKeyParameters key = (Ed25519PrivateKeyParameters)
                org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(info);
        byte[] seed = key.getEncoded();
        byte[] pub = key.generatePublicKey().getEncoded();
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub)).d(Base64URL.encode(seed)).build();
    }

    private static JWK ecP256(byte[] der) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPrivateKey priv = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        X9ECParameters curve = CustomNamedCurves.getByName("P-256");
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(priv.getS()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        ECPublicKey pub = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), priv.getParams()));
        return new ECKey.Builder(Curve.P_256, pub).privateKey(priv).build();
    }

    private static JWK rsa(byte[] der) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey priv)) {
            throw new IllegalArgumentException("RSA key lacks its CRT parts (public exponent); re-export it with openssl");
        }
        RSAPublicKey pub = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
        return new RSAKey.Builder(pub).privateKey(priv).build();
    }
}
