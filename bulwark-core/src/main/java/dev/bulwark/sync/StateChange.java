package dev.bulwark.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the {@link ChangeLog}: a change of state that every instance must apply.
 *
 * @param sequence the position in the log, assigned by the log on append; strictly increasing, starting at 1
 * @param kind     what changed
 * @param subject  what it applies to: a jti, a session id, a user id, or an address (block list)
 * @param until    when the change stops mattering: the token's {@code exp}, the session's expiry, the address
 *                 block's expiry ({@code null} = a permanent block); for {@link Kind#USER_REVOKED_BEFORE} the
 *                 epoch itself (it does not expire); {@code null} for {@link Kind#ADDRESS_UNBLOCKED}
 */
public record StateChange(long sequence, Kind kind, String subject, Instant until) {

    /**
     * What a change does. The names are stored in the database and sent on the bus: never rename one.
     * Revocations only ever widen (the later expiry or epoch wins, so their order does not matter); for an address
     * the latest {@code ADDRESS_*} change decides its state.
     */
    public enum Kind {
        /** One access token is revoked until {@code until} (its exp). */
        TOKEN_REVOKED,
        /** One session (refresh-token family) is revoked until {@code until} (its expiry). */
        SESSION_REVOKED,
        /** Every token of the user issued in a second before {@code until} is revoked (logout-all). */
        USER_REVOKED_BEFORE,
        /** The address is blocked until {@code until}, or for ever if it is {@code null}. */
        ADDRESS_BLOCKED,
        /** An admin block of the address is lifted. */
        ADDRESS_UNBLOCKED;

        /** Whether {@code until} may be {@code null}. */
        public boolean allowsOpenEnd() {
            return this == ADDRESS_BLOCKED || this == ADDRESS_UNBLOCKED;
        }
    }

    public StateChange {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive: " + sequence);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        if (until == null && !kind.allowsOpenEnd()) {
            throw new IllegalArgumentException(kind + " needs an until instant");
        }
    }
}
