package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.AUDIENCE;
import static dev.bulwark.token.TestKeys.ISSUER;
import static dev.bulwark.token.TestKeys.SKEW;
import static dev.bulwark.token.TestKeys.T0;
import static dev.bulwark.token.TestKeys.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);

    @Test
    void olderKeysKeepVerifyingAndNewTokensUseTheNewestKey() throws Exception {
        SigningKey first = SigningKey.generate(SigningAlgorithm.EdDSA, clock);
        AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.of(List.of(first)));
        AccessTokenIssuer issuer = new AccessTokenIssuer(ring::get, ISSUER, AUDIENCE, TTL, clock);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ring::get, ISSUER, AUDIENCE, SKEW, clock,
                claims -> false, VerifiedTokenCache.disabled());
        String before = issuer.issue("u", "t", "member", null, "s").token();

        clock.advance(Duration.ofMinutes(1));
        SigningKey second = SigningKey.generate(SigningAlgorithm.ES256, clock);
        List<SigningKey> keys = new ArrayList<>(ring.get().keys());
        keys.add(second);
        ring.set(KeyRing.of(keys));
        String after = issuer.issue("u", "t", "member", null, "s").token();

        assertThat(SignedJWT.parse(before).getHeader().getKeyID()).isEqualTo(first.kid());
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(second.kid());
        assertThat(verifier.verify(before).subject()).isEqualTo("u");
        assertThat(verifier.verify(after).subject()).isEqualTo("u");

        ring.set(KeyRing.of(List.of(second)));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(before));
        assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY);
        assertThat(verifier.verify(after).subject()).isEqualTo("u");
    }
}
