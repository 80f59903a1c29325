package dev.bulwark.revocation;

import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.ChangeFeed;
import dev.bulwark.sync.ChangeLog;
import dev.bulwark.sync.StateChange;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocations shared by every instance: written to the durable {@link ChangeLog} first, then to this instance's
 * in-memory set, then announced on the {@link ChangeBus}. Every instance's {@link ChangeFeed} brings the others'
 * revocations into its set through {@link #apply}; reads never leave the process.
 *
 * <pre>{@code
 * ReplicatedRevocationStore store = new ReplicatedRevocationStore(log, bus, memory);
 * feed.addListener(store::apply);
 * feed.start();
 * }</pre>
 *
 * <p>Order of a revoke, and why: the log write comes first and its failure is thrown to the caller — a revocation
 * that was not stored must not be reported as done (it would vanish at the next restart and never reach the other
 * instances). The local set is updated next, so the revoking instance refuses the token as soon as the call returns
 * (the {@link RevocationStore} contract). The bus is last and best effort: if it fails, the other instances still get
 * the change from the log within a poll interval, so its failure is only logged. Applying a change twice (our own
 * change coming back through the feed) is harmless: the in-memory set keeps the later expiry.
 */
public final class ReplicatedRevocationStore implements RevocationStore {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedRevocationStore.class);

    private final ChangeLog log;
    private final ChangeBus bus;
    private final InMemoryRevocationStore local;

    public ReplicatedRevocationStore(ChangeLog log, ChangeBus bus, InMemoryRevocationStore local) {
        this.log = Objects.requireNonNull(log, "log");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public void revokeToken(String jti, Instant tokenExpiresAt) {
        replicate(StateChange.Kind.TOKEN_REVOKED, jti, tokenExpiresAt);
    }

    @Override
    public void revokeSession(String sessionId, Instant sessionExpiresAt) {
        replicate(StateChange.Kind.SESSION_REVOKED, sessionId, sessionExpiresAt);
    }

    @Override
    public void revokeUserBefore(String userId, Instant before) {
        replicate(StateChange.Kind.USER_REVOKED_BEFORE, userId, before);
    }

    @Override
    public boolean isRevoked(String jti, String sessionId, String userId, Instant issuedAt) {
        return local.isRevoked(jti, sessionId, userId, issuedAt);
    }

    /** Applies a change from the feed to the local set; changes of other kinds are not ours and are ignored. */
    public void apply(StateChange change) {
        switch (change.kind()) {
            case TOKEN_REVOKED -> local.revokeToken(change.subject(), change.until());
            case SESSION_REVOKED -> local.revokeSession(change.subject(), change.until());
            case USER_REVOKED_BEFORE -> local.revokeUserBefore(change.subject(), change.until());
            default -> {
                // blocks: another listener's business
            }
        }
    }

    private void replicate(StateChange.Kind kind, String subject, Instant until) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(until, "until");
        StateChange stored = log.append(kind, subject, until); // throws if not durable: nothing is reported done
        apply(stored);
        try {
            bus.publish(stored);
        } catch (RuntimeException e) {
            LOG.warn("could not publish {} on the change bus; other instances get it by polling", stored, e);
        }
    }
}
