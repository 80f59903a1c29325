package dev.bulwark.session;

/** A refresh that did not yield new tokens. The HTTP answer is the same 401 for every reason; logs get the reason. */
public final class RefreshRejectedException extends Exception {

    public enum Reason { MALFORMED, UNKNOWN, REUSED, INACTIVE, ACCOUNT_GONE }

    private final Reason reason;
    private final transient SessionRecord session;

    public RefreshRejectedException(Reason reason, SessionRecord session) {
        super("refresh rejected: " + reason.name().toLowerCase(java.util.Locale.ROOT));
        this.reason = reason;
        this.session = session;
    }

    public Reason reason() {
        return reason;
    }

    /** The session concerned, when one was found (for the security event); may be null. */
    public SessionRecord session() {
        return session;
    }
}
