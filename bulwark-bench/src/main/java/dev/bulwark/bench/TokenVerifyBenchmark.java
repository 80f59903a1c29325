package dev.bulwark.bench;

import dev.bulwark.token.AccessTokenClaims;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.SigningAlgorithm;
import dev.bulwark.token.SigningKey;
import dev.bulwark.token.TokenRejectedException;
import dev.bulwark.token.VerifiedTokenCache;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of access-token verification, one thread, one token used over and over:
 *
 * <ul>
 *   <li>{@code eddsa_cacheHit}: {@link AccessTokenVerifier#verify} with a {@link VerifiedTokenCache}
 *       already holding the token: SHA-256 of the token, a lookup, the re-checks (key still in the
 *       ring, issuer, audience, times, revocation) — the cost of the second and later uses;</li>
 *   <li>{@code eddsa/es256/rs256_noCache}: the same with {@link VerifiedTokenCache#disabled()}: parse,
 *       header checks, the full signature check (Bouncy Castle Ed25519; Nimbus over the JDK's P-256
 *       and RSA-3072 for ES256 and RS256), claims, revocation — the cost of a token's first use;</li>
 *   <li>{@code ed25519_signatureOnly_bouncyCastle} and {@code ed25519_signatureOnly_jdk}: just the
 *       Ed25519 check of the same signing input and signature, Bouncy Castle's RFC 8032 code
 *       against the JDK's own {@code Signature.getInstance("Ed25519")} — the reason the verifier
 *       uses Bouncy Castle.</li>
 * </ul>
 *
 * <p>Why: DESIGN.md's "a signature check costs more than everything else in a request" — the
 * cache and the choice of verifier are where token verification's time goes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class TokenVerifyBenchmark {

    static final String ISSUER = "https://bench.bulwark.test";
    static final String AUDIENCE = "bench-api";
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the 32 key bytes. */
    static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    AccessTokenVerifier eddsaCached;
    AccessTokenVerifier eddsaUncached;
    AccessTokenVerifier es256Uncached;
    AccessTokenVerifier rs256Uncached;
    String eddsaToken;
    String es256Token;
    String rs256Token;

    byte[] signingInput;
    byte[] signature;
    byte[] rawPublicKey;
    Ed25519.PublicPoint bcPublicPoint;
    Signature jdkVerifier;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Clock clock = Clock.systemUTC();
        KeyRing eddsa = KeyRing.of(List.of(SigningKey.generate(SigningAlgorithm.EdDSA, clock)));
        KeyRing es256 = KeyRing.of(List.of(SigningKey.generate(SigningAlgorithm.ES256, clock)));
        KeyRing rs256 = KeyRing.of(List.of(SigningKey.generate(SigningAlgorithm.RS256, clock)));
        eddsaToken = issue(eddsa, clock);
        es256Token = issue(es256, clock);
        rs256Token = issue(rs256, clock);

        eddsaCached = verifier(eddsa, clock, new VerifiedTokenCache(10_000));
        eddsaUncached = verifier(eddsa, clock, VerifiedTokenCache.disabled());
        es256Uncached = verifier(es256, clock, VerifiedTokenCache.disabled());
        rs256Uncached = verifier(rs256, clock, VerifiedTokenCache.disabled());
        for (AccessTokenVerifier v : List.of(eddsaCached, eddsaUncached)) {
            v.verify(eddsaToken); // fills the cache of the first; proves the token good
        }
        es256Uncached.verify(es256Token);
        rs256Uncached.verify(rs256Token);

        int lastDot = eddsaToken.lastIndexOf('.');
        signingInput = eddsaToken.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(eddsaToken.substring(lastDot + 1));
        rawPublicKey = eddsa.active().publicJwk().toOctetKeyPair().getDecodedX();
        bcPublicPoint = Ed25519.validatePublicKeyFullExport(rawPublicKey, 0);
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + rawPublicKey.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(rawPublicKey, 0, spki, ED25519_SPKI_PREFIX.length, rawPublicKey.length);
        PublicKey jdkPublicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        jdkVerifier = Signature.getInstance("Ed25519");
        jdkVerifier.initVerify(jdkPublicKey);
        if (!ed25519_signatureOnly_bouncyCastle() || !ed25519_signatureOnly_jdk()) {
            throw new IllegalStateException("the signature should verify");
        }
    }

    private static String issue(KeyRing ring, Clock clock) {
        return new AccessTokenIssuer(ring, ISSUER, AUDIENCE, Duration.ofHours(1), clock)
                .issue("user-1", "tenant-1", "member", List.of("projects:read"), "session-1")
                .token();
    }

    private static AccessTokenVerifier verifier(KeyRing ring, Clock clock, VerifiedTokenCache cache) {
        return new AccessTokenVerifier(ring, ISSUER, AUDIENCE, Duration.ofSeconds(30), clock, claims -> false, cache);
    }

    @Benchmark
    public AccessTokenClaims eddsa_cacheHit() throws TokenRejectedException {
        return eddsaCached.verify(eddsaToken);
    }

    @Benchmark
    public AccessTokenClaims eddsa_noCache() throws TokenRejectedException {
        return eddsaUncached.verify(eddsaToken);
    }

    @Benchmark
    public AccessTokenClaims es256_noCache() throws TokenRejectedException {
        return es256Uncached.verify(es256Token);
    }

    @Benchmark
    public AccessTokenClaims rs256_noCache() throws TokenRejectedException {
        return rs256Uncached.verify(rs256Token);
    }

    @Benchmark
    public boolean ed25519_signatureOnly_bouncyCastle() {
        return Ed25519.verify(signature, 0, bcPublicPoint, signingInput, 0, signingInput.length);
    }

    @Benchmark
    public boolean ed25519_signatureOnly_jdk() throws GeneralSecurityException {
        // One Signature, initialised once: verify() resets it for the next use with the same key, so
        // the JDK pays no provider look-up per call (one thread: no sharing).
        jdkVerifier.update(signingInput);
        return jdkVerifier.verify(signature);
    }
}
