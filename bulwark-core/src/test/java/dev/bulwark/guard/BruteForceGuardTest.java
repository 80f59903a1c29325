package dev.bulwark.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BruteForceGuardTest {

    private final DdosGuardTest.TestClock clock = new DdosGuardTest.TestClock();
    private final BruteForceGuard guard = new BruteForceGuard(BruteForceGuard.Settings.defaults(),
            new InProcessFailureCounters(clock, 1000), clock);

    @Test
    void failuresGrowADelayThenLockTheAccount() {
        // From many addresses, so only the account counter matters; each address fails once.
        for (int i = 1; i <= 5; i++) {
            assertThat(guard.admitLogin("acme", "a@x.io", "10.0.0.1").admitted()).isTrue();
            guard.loginFailed("acme", "a@x.io", "10.0.0.1");
        }
        guard.loginFailed("acme", "a@x.io", "10.0.0.1");
        BruteForceGuard.Admission delayed = guard.admitLogin("acme", "a@x.io", "10.0.0.1");
        assertThat(delayed.refusal()).isEqualTo(BruteForceGuard.Refusal.ACCOUNT_DELAYED);
        assertThat(delayed.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.admitLogin("acme", "a@x.io", "10.0.0.1").admitted()).isTrue();
        guard.loginFailed("acme", "a@x.io", "10.0.0.1");
        assertThat(guard.admitLogin("acme", "a@x.io", "10.0.0.1").retryAfterSeconds()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(30));
            guard.loginFailed("acme", "a@x.io", "10.0.0.1");
        }
        BruteForceGuard.FailureOutcome tenth = guard.loginFailed("acme", "a@x.io", "10.0.0.1");
        assertThat(tenth.accountLockedNow()).isTrue();
        BruteForceGuard.Admission locked = guard.admitLogin("acme", "a@x.io", "10.0.0.1");
        assertThat(locked.refusal()).isEqualTo(BruteForceGuard.Refusal.ACCOUNT_LOCKED);
        assertThat(locked.retryAfterSeconds()).isEqualTo(15 * 60);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(guard.admitLogin("acme", "a@x.io", "10.0.0.1").admitted()).isTrue();
    }

    @Test
    void aLockedAccountYieldsToAnAddressWithNoFailuresAndSuccessResetsIt() {
        for (int i = 0; i < 10; i++) {
            guard.loginFailed("acme", "victim@x.io", "203.0.113.66");
        }
        assertThat(guard.admitLogin("acme", "victim@x.io", "203.0.113.66").admitted()).isFalse();
        BruteForceGuard.Admission victim = guard.admitLogin("acme", "victim@x.io", "198.51.100.1");
        assertThat(victim.admitted()).isTrue();
        assertThat(victim.yielded()).isTrue();
        guard.loginSucceeded("acme", "victim@x.io");
        assertThat(guard.admitLogin("acme", "victim@x.io", "203.0.113.66").admitted()).isTrue();
    }

    @Test
    void aFreshAddressGetsOneGuessAtALockedAccountNotMore() {
        for (int i = 0; i < 10; i++) {
            guard.loginFailed("acme", "victim@x.io", "203.0.113.66");
        }
        assertThat(guard.admitLogin("acme", "victim@x.io", "192.0.2.1").admitted()).isTrue();
        guard.loginFailed("acme", "victim@x.io", "192.0.2.1");
        assertThat(guard.admitLogin("acme", "victim@x.io", "192.0.2.1").refusal())
                .isEqualTo(BruteForceGuard.Refusal.ACCOUNT_LOCKED);
    }

    @Test
    void anAddressIsLockedAcrossAccountsAndCannotBeBypassed() {
        for (int i = 0; i < 30; i++) {
            guard.loginFailed("acme", "user" + i + "@x.io", "203.0.113.9");
        }
        BruteForceGuard.Admission a = guard.admitLogin("acme", "fresh@x.io", "203.0.113.9");
        assertThat(a.refusal()).isEqualTo(BruteForceGuard.Refusal.ADDRESS_LOCKED);
        assertThat(guard.admitLogin("acme", "fresh@x.io", "203.0.113.10").admitted()).isTrue();
    }

    @Test
    void registrationAndRefreshFailuresThrottleTheAddress() {
        for (int i = 0; i < 11; i++) {
            guard.failed(BruteForceGuard.Action.REFRESH, "203.0.113.1");
        }
        assertThat(guard.admit(BruteForceGuard.Action.REFRESH, "203.0.113.1").refusal())
                .isEqualTo(BruteForceGuard.Refusal.ADDRESS_DELAYED);
        assertThat(guard.admit(BruteForceGuard.Action.REGISTER, "203.0.113.1").admitted()).isTrue();
        assertThat(guard.admit(BruteForceGuard.Action.REFRESH, "203.0.113.2").admitted()).isTrue();
    }
}
