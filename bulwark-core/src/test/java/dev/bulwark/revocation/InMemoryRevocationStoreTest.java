package dev.bulwark.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(t0);
    private final InMemoryRevocationStore store = new InMemoryRevocationStore(clock, Duration.ofSeconds(30));

    @Test
    void revokedTokenIsRevokedUntilExpiryPlusGrace() {
        store.revokeToken("j1", t0.plusSeconds(60));
        assertThat(store.isRevoked("j1", "s", "u", t0)).isTrue();
        assertThat(store.isRevoked("j2", "s", "u", t0)).isFalse();
        clock.now = t0.plusSeconds(89);
        assertThat(store.isRevoked("j1", "s", "u", t0)).isTrue();
        clock.now = t0.plusSeconds(91);
        assertThat(store.isRevoked("j1", "s", "u", t0)).isFalse();
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(store.size()).isZero();
    }

    @Test
    void revokedSessionRevokesEveryTokenOfIt() {
        store.revokeSession("s1", t0.plusSeconds(3600));
        assertThat(store.isRevoked("any", "s1", "u", t0)).isTrue();
        assertThat(store.isRevoked("any", "s2", "u", t0)).isFalse();
    }

    @Test
    void userEpochRevokesTokensIssuedInEarlierSecondsOnly() {
        Instant logoutAll = t0.plusMillis(10_500);
        store.revokeUserBefore("u1", logoutAll);
        assertThat(store.isRevoked("j", "s", "u1", t0.plusSeconds(9))).isTrue();
        assertThat(store.isRevoked("j", "s", "u1", t0.plusSeconds(10))).isFalse();
        assertThat(store.isRevoked("j", "s", "u1", t0.plusSeconds(11))).isFalse();
        assertThat(store.isRevoked("j", "s", "u2", t0.plusSeconds(9))).isFalse();
    }

    @Test
    void laterRevocationsNeverShortenEarlierOnes() {
        store.revokeToken("j", t0.plusSeconds(600));
        store.revokeToken("j", t0.plusSeconds(60));
        clock.now = t0.plusSeconds(300);
        assertThat(store.isRevoked("j", null, null, null)).isTrue();
        store.revokeUserBefore("u", t0.plusSeconds(100));
        store.revokeUserBefore("u", t0.plusSeconds(50));
        assertThat(store.isRevoked(null, null, "u", t0.plusSeconds(70))).isTrue();
    }

    @Test
    void loadAddsDurableState() {
        store.load(Map.of("j", t0.plusSeconds(60)), Map.of("s", t0.plusSeconds(60)), Map.of("u", t0.plusSeconds(5)));
        assertThat(store.isRevoked("j", null, null, null)).isTrue();
        assertThat(store.isRevoked(null, "s", null, null)).isTrue();
        assertThat(store.isRevoked(null, null, "u", t0)).isTrue();
    }

    @Test
    void negativeGraceIsRefused() {
        assertThatThrownBy(() -> new InMemoryRevocationStore(clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
