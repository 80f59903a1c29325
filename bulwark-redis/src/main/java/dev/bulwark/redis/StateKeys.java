package dev.bulwark.redis;

import dev.bulwark.sync.StateChange;

/**
 * Names of the shared hot copy of revocations and blocks in Redis. Each key stands alone (every command on it is a
 * single-key command), so the whole name is its Cluster hash tag and keys spread over all slots:
 * <pre>
 *   bw:{rev:jti:&lt;jti&gt;}        a revoked access token     value: until (epoch ms)   PX: until + grace − now
 *   bw:{rev:sid:&lt;session&gt;}    a revoked session          value: until (epoch ms)   PX: until + grace − now
 *   bw:{rev:user:&lt;user&gt;}      a user epoch (logout-all)  value: epoch (epoch ms)   PX: the max refresh lifetime
 *   bw:{block:&lt;address&gt;}      an admin block             value: until (epoch ms) or "permanent"; PX: until − now, none if permanent
 *   bw:state:epoch             the rebuild marker          value: when this Redis was last filled from the database
 * </pre>
 * Subjects are not hashed: jtis, session and user ids are issued by the server, addresses come from the TCP peer,
 * and the database caps them at 128 characters, so a client cannot pick a key or make one grow.
 */
final class StateKeys {

    static final String CHANNEL = "bw:changes";
    static final String MARKER = "bw:state:epoch";

    private StateKeys() {
    }

    static String of(StateChange.Kind kind, String subject) {
        return switch (kind) {
            case TOKEN_REVOKED -> "bw:{rev:jti:" + subject + "}";
            case SESSION_REVOKED -> "bw:{rev:sid:" + subject + "}";
            case USER_REVOKED_BEFORE -> "bw:{rev:user:" + subject + "}";
            case ADDRESS_BLOCKED, ADDRESS_UNBLOCKED -> "bw:{block:" + subject + "}";
        };
    }
}
