package dev.bulwark.token;

import java.util.Objects;

/**
 * An access token was refused, for {@link #reason()}.
 *
 * <p>The message is safe to log: it never contains the token or any value taken from it (which
 * would let a caller write into our logs). No stack trace is captured — rejections are the common
 * case under attack and must stay cheap.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectionReason reason() {
        return reason;
    }
}
