package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.AUDIENCE;
import static dev.bulwark.token.TestKeys.ISSUER;
import static dev.bulwark.token.TestKeys.SKEW;
import static dev.bulwark.token.TestKeys.T0;
import static dev.bulwark.token.TestKeys.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);
    private final Set<String> revokedSessions = ConcurrentHashMap.newKeySet();
    private final SigningKey key = TestKeys.key(SigningAlgorithm.EdDSA);
    private final AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.of(List.of(key)));
    private final VerifiedTokenCache cache = new VerifiedTokenCache(1_000);
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(ring::get, ISSUER, AUDIENCE, SKEW, clock,
            claims -> revokedSessions.contains(claims.sessionId()), cache);
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(ring::get, ISSUER, AUDIENCE, TTL, clock);

    private RejectionReason rejection(String token) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));
        assertThat(e).as("token must be rejected").isNotNull();
        return e.reason();
    }

    @Test
    void secondVerifyOfTheSameTokenSkipsTheSignatureCheck() throws Exception {
        IssuedToken issued = issuer.issue("u", "t", "member", List.of("a"), "s");

        AccessTokenClaims first = verifier.verify(issued.token());
        AccessTokenClaims second = verifier.verify(issued.token());
        verifier.verify(issued.token());

        assertThat(second).isEqualTo(first).isEqualTo(issued.claims());
        assertThat(verifier.signatureChecks()).isEqualTo(1);
        assertThat(cache.estimatedSize()).isEqualTo(1);
    }

    @Test
    void withoutCacheEveryVerifyChecksTheSignature() throws Exception {
        AccessTokenVerifier uncached = new AccessTokenVerifier(ring::get, ISSUER, AUDIENCE, SKEW, clock,
                claims -> false, VerifiedTokenCache.disabled());
        String token = issuer.issue("u", "t", "member", null, "s").token();
        uncached.verify(token);
        uncached.verify(token);
        assertThat(uncached.signatureChecks()).isEqualTo(2);
    }

    @Test
    void cachedTokenPastExpIsExpired() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        verifier.verify(token);
        clock.advance(TTL.plus(SKEW));
        assertThat(rejection(token)).isEqualTo(RejectionReason.EXPIRED);
        assertThat(verifier.signatureChecks()).isEqualTo(1);
    }

    @Test
    void tokenRevokedAfterCachingIsRevoked() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "sess-42").token();
        verifier.verify(token);
        revokedSessions.add("sess-42");
        assertThat(rejection(token)).isEqualTo(RejectionReason.REVOKED);
        assertThat(verifier.signatureChecks()).isEqualTo(1);
    }

    @Test
    void bitFlippedVariantOfACachedTokenDoesNotHit() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        verifier.verify(token);
        int lastDot = token.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        sig[5] ^= 0x01;
        String flipped = token.substring(0, lastDot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);

        assertThat(rejection(flipped)).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(verifier.signatureChecks()).isEqualTo(2);
        assertThat(VerifiedTokenCache.TokenHash.of(flipped)).isNotEqualTo(VerifiedTokenCache.TokenHash.of(token));
    }

    @Test
    void rejectedTokensAreNotCached() {
        AccessTokenIssuer foreign = new AccessTokenIssuer(ring::get, "evil", AUDIENCE, TTL, clock);
        String token = foreign.issue("u", "t", "member", null, "s").token();
        assertThat(rejection(token)).isEqualTo(RejectionReason.WRONG_ISSUER);
        assertThat(rejection(token)).isEqualTo(RejectionReason.WRONG_ISSUER);
        assertThat(verifier.signatureChecks()).isEqualTo(2);
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void cachedTokenOfAKeyWithdrawnFromTheRingIsRejected() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        verifier.verify(token);
        ring.set(KeyRing.of(List.of(SigningKey.generate(SigningAlgorithm.EdDSA, clock))));
        assertThat(rejection(token)).isEqualTo(RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void sharedCacheStillEnforcesEachVerifiersAudience() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        verifier.verify(token);
        AccessTokenVerifier otherApi = new AccessTokenVerifier(ring::get, ISSUER, "other-api", SKEW, clock,
                claims -> false, cache);
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> otherApi.verify(token));
        assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_AUDIENCE);
        AccessTokenVerifier otherIssuer = new AccessTokenVerifier(ring::get, "other", AUDIENCE, SKEW, clock,
                claims -> false, cache);
        e = catchThrowableOfType(TokenRejectedException.class, () -> otherIssuer.verify(token));
        assertThat(e.reason()).isEqualTo(RejectionReason.WRONG_ISSUER);
    }

    @Test
    void entryLifetimeEndsAtExpAndIsCapped() {
        AccessTokenClaims claims = issuer.issue("u", "t", "member", null, "s").claims();
        assertThat(VerifiedTokenCache.Entry.of(claims, key, ISSUER, List.of(AUDIENCE), Duration.ofSeconds(40))
                .lifetimeNanos()).isEqualTo(Duration.ofSeconds(40).toNanos());
        assertThat(VerifiedTokenCache.Entry.of(claims, key, ISSUER, List.of(AUDIENCE), Duration.ofHours(2))
                .lifetimeNanos()).isEqualTo(VerifiedTokenCache.MAX_ENTRY_LIFETIME.toNanos());
        assertThat(VerifiedTokenCache.Entry.of(claims, key, ISSUER, List.of(AUDIENCE), Duration.ofSeconds(-5))
                .lifetimeNanos()).isZero();
    }

    @Test
    void tokenWithinSkewAfterExpIsVerifiedButNotCached() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        clock.advance(TTL.plusSeconds(5));
        verifier.verify(token);
        verifier.verify(token);
        assertThat(verifier.signatureChecks()).isEqualTo(2);
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void invalidateAllForgetsEverything() throws Exception {
        String token = issuer.issue("u", "t", "member", null, "s").token();
        verifier.verify(token);
        cache.invalidateAll();
        verifier.verify(token);
        assertThat(verifier.signatureChecks()).isEqualTo(2);
        VerifiedTokenCache.disabled().invalidateAll();
    }

    @Test
    void sizeMustBePositive() {
        assertThatThrownBy(() -> new VerifiedTokenCache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(VerifiedTokenCache.disabled().estimatedSize()).isZero();
    }
}
