package dev.bulwark.guard;

import dev.bulwark.core.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Slows down and then stops password guessing, per account and per address, without letting an attacker lock a
 * victim out.
 *
 * <h2>Algorithm</h2>
 * Failures are counted per account (tenant + email, hashed, whether or not the account exists — so the answers
 * for an unknown and a known account cannot differ) and per client address. For either counter, the first
 * {@code freeFailures} cost nothing; after that each attempt must wait
 * {@code baseDelay × 2^(failures − free − 1)} (capped at {@code maxDelay}) after the previous failure; at
 * {@code lockoutFailures} the counter locks for {@code lockout} after the last failure. An attempt that comes too early is refused (429 with Retry-After)
 * without checking the password — a refused attempt is not a guess. The delay is enforced by refusal rather
 * than by sleeping, so parallel attempts gain nothing and no server thread is held.
 *
 * <h2>Why an attacker cannot lock the victim out</h2>
 * An account that is delayed or locked still admits an attempt from an address <em>that has no failures of its
 * own</em>: the victim, logging in from her usual address, gets in with the right password, and the success
 * resets the account counter. The attacker gets no extra guesses from this: every wrong password counts against
 * his address (so that address is refused from then on, like any address past its limits) and against the
 * account (so it stays locked for everyone else). What he can still do is spend one guess per fresh address —
 * bounded by the number of addresses he owns (IPv6 counted per /64) and, per address, by the address counter.
 *
 * <p>Registration and refresh use the address counters only ({@link Action}): there is no account to protect,
 * but failures from one address — a taken tenant slug, a refresh token that is not valid — are throttled the
 * same way.
 */
public final class BruteForceGuard {

    /** What an attempt is; each has its own address counter. */
    public enum Action {
        LOGIN, REGISTER, REFRESH
    }

    /** One counter's rule: free failures, then a growing delay, then a lockout. */
    public record Rule(int freeFailures, Duration baseDelay, Duration maxDelay, int lockoutFailures,
                       Duration lockout) {
        public Rule {
            if (freeFailures < 0 || lockoutFailures <= freeFailures) {
                throw new IllegalArgumentException("need 0 <= freeFailures < lockoutFailures");
            }
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lockout, "lockout");
        }
    }

    /** @param account the per-account rule (logins); @param address the per-address rule (every action) */
    public record Settings(Rule account, Rule address) {
        /**
         * Account: 5 free failures, then 1 s doubling to 30 s, locked for 15 min at 10. Address: 10 free, then
         * 1 s doubling to 30 s, locked for 15 min at 30.
         */
        public static Settings defaults() {
            return new Settings(
                    new Rule(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 10, Duration.ofMinutes(15)),
                    new Rule(10, Duration.ofSeconds(1), Duration.ofSeconds(30), 30, Duration.ofMinutes(15)));
        }
    }

    /** Why an attempt was refused. */
    public enum Refusal {
        ACCOUNT_DELAYED, ACCOUNT_LOCKED, ADDRESS_DELAYED, ADDRESS_LOCKED
    }

    /** @param refusal null when the attempt may go ahead; @param retryAfterSeconds 0 then */
    public record Admission(Refusal refusal, long retryAfterSeconds, boolean yielded) {
        static final Admission ADMIT = new Admission(null, 0, false);

        public boolean admitted() {
            return refusal == null;
        }
    }

    /** @param lockedNow whether this failure just locked the counter (for a security event) */
    public record FailureOutcome(boolean accountLockedNow, boolean addressLockedNow) {
    }

    private final Settings settings;
    private final FailureCounters counters;
    private final Clock clock;

    public BruteForceGuard(Settings settings, FailureCounters counters, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** May this login attempt check a password? */
    public Admission admitLogin(String tenant, String email, String address) {
        Instant now = clock.instant();
        FailureCounters.Failures fromAddress = counters.get(addressKey(Action.LOGIN, address));
        Admission byAddress = judge(fromAddress, settings.address(), now, false);
        if (!byAddress.admitted()) {
            return byAddress;
        }
        Admission byAccount = judge(counters.get(accountKey(tenant, email)), settings.account(), now, true);
        if (!byAccount.admitted() && fromAddress.count() == 0) {
            return new Admission(null, 0, true);
        }
        return byAccount;
    }

    /** A wrong password (or unknown account): one more failure on both counters. */
    public FailureOutcome loginFailed(String tenant, String email, String address) {
        Instant now = clock.instant();
        long account = counters.recordFailure(accountKey(tenant, email), now, settings.account().lockout());
        long fromAddress = counters.recordFailure(addressKey(Action.LOGIN, address), now, settings.address().lockout());
        return new FailureOutcome(account == settings.account().lockoutFailures(),
                fromAddress == settings.address().lockoutFailures());
    }

    /** The right password: the account starts afresh (the address counter does not: it guessed before). */
    public void loginSucceeded(String tenant, String email) {
        counters.reset(accountKey(tenant, email));
    }

    /** May this registration or refresh go ahead? */
    public Admission admit(Action action, String address) {
        return judge(counters.get(addressKey(action, address)), settings.address(), clock.instant(), false);
    }

    /** A failed registration or refresh; true when it just locked the address. */
    public boolean failed(Action action, String address) {
        long count = counters.recordFailure(addressKey(action, address), clock.instant(), settings.address().lockout());
        return count == settings.address().lockoutFailures();
    }

    private static Admission judge(FailureCounters.Failures failures, Rule rule, Instant now, boolean account) {
        if (failures.count() >= rule.lockoutFailures()) {
            Instant until = failures.last().plus(rule.lockout());
            if (until.isAfter(now)) {
                return new Admission(account ? Refusal.ACCOUNT_LOCKED : Refusal.ADDRESS_LOCKED, secondsUntil(now, until),
                        false);
            }
            return Admission.ADMIT;
        }
        if (failures.count() > rule.freeFailures()) {
            int doublings = (int) Math.min(30, failures.count() - rule.freeFailures() - 1);
            Duration delay = rule.baseDelay().multipliedBy(1L << doublings);
            if (delay.compareTo(rule.maxDelay()) > 0) {
                delay = rule.maxDelay();
            }
            Instant until = failures.last().plus(delay);
            if (until.isAfter(now)) {
                return new Admission(account ? Refusal.ACCOUNT_DELAYED : Refusal.ADDRESS_DELAYED,
                        secondsUntil(now, until), false);
            }
        }
        return Admission.ADMIT;
    }

    private static long secondsUntil(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    static String accountKey(String tenant, String email) {
        return "acct:" + Sha256.hexPrefix(tenant.toLowerCase(Locale.ROOT) + "\n" + email.toLowerCase(Locale.ROOT), 16);
    }

    static String addressKey(Action action, String address) {
        return "addr:" + action.name().toLowerCase(Locale.ROOT) + ":" + Sha256.hexPrefix(address, 16);
    }
}
