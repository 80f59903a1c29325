package dev.bulwark.http;

import java.util.Locale;

/**
 * How the protections that can reject a healthy request (rate limits, and later the DDoS guard) act.
 * Authentication and input validation always apply: a shadow mode for them would let attackers in.
 */
public enum EnforcementMode {
    /** Decide and reject. */
    ENFORCE,
    /** Decide, add headers, log and count what would have been rejected, reject nothing. */
    SHADOW,
    /** Do not run the protections at all. */
    OFF;

    public static EnforcementMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an enforcement mode: use enforce, shadow or off");
        }
    }
}
