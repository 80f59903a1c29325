package dev.bulwark.ratelimit;

import java.util.Locale;

/** The rate-limit algorithms a policy can name. */
public enum Algorithm {
    /** Capacity {@code burst}, refilled continuously at {@code limit} per period. */
    TOKEN_BUCKET("token_bucket", true),
    /** Exact sliding-window log: at most {@code limit} admitted in any window of one period. */
    SLIDING_WINDOW("sliding_window", false),
    /** Counter per epoch-aligned window of one period; up to 2 × limit across a boundary. */
    FIXED_WINDOW("fixed_window", false),
    /** Generic cell rate algorithm: a token bucket kept as one timestamp. */
    GCRA("gcra", true);

    private final String yamlName;
    private final boolean hasBurst;

    Algorithm(String yamlName, boolean hasBurst) {
        this.yamlName = yamlName;
        this.hasBurst = hasBurst;
    }

    /** The spelling used in the policy file, e.g. {@code token_bucket}. */
    public String yamlName() {
        return yamlName;
    }

    /** Whether {@code burst} (a capacity distinct from the limit) means anything to this algorithm. */
    public boolean hasBurst() {
        return hasBurst;
    }

    /**
     * Parses the policy-file spelling, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static Algorithm parse(String s) {
        if (s != null) {
            String wanted = s.trim().toLowerCase(Locale.ROOT);
            for (Algorithm a : values()) {
                if (a.yamlName.equals(wanted)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown rate-limit algorithm " + (s == null ? "null" : "\"" + s + "\"")
                + "; use one of token_bucket, sliding_window, fixed_window, gcra");
    }
}
