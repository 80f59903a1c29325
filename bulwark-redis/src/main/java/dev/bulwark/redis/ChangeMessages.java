package dev.bulwark.redis;

import dev.bulwark.sync.StateChange;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The text form of a {@link StateChange} on channel {@code bw:changes}:
 * <pre>
 *   1|&lt;sequence&gt;|&lt;KIND&gt;|&lt;until as ISO-8601, or empty for none&gt;|&lt;subject&gt;
 *   1|42|TOKEN_REVOKED|2030-01-01T00:15:00Z|3f0c…-jti
 * </pre>
 * The leading {@code 1} is the format version: a reader drops a message of a version it does not know (the log
 * poll brings the change anyway). The subject comes last and is taken whole, so it may contain {@code |}. The
 * instant keeps its full precision, so the message decodes equal to the change read from the log.
 */
final class ChangeMessages {

    private static final String VERSION = "1";

    private ChangeMessages() {
    }

    static String encode(StateChange change) {
        return VERSION + '|' + change.sequence() + '|' + change.kind().name() + '|'
                + (change.until() == null ? "" : change.until().toString()) + '|' + change.subject();
    }

    /** The change, or {@code null} if the message is not one this version understands. */
    static StateChange decode(String message) {
        if (message == null) {
            return null;
        }
        String[] parts = message.split("\\|", 5);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return null;
        }
        try {
            long sequence = Long.parseLong(parts[1]);
            StateChange.Kind kind = StateChange.Kind.valueOf(parts[2]);
            Instant until = parts[3].isEmpty() ? null : Instant.parse(parts[3]);
            return new StateChange(sequence, kind, parts[4], until);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }
}
