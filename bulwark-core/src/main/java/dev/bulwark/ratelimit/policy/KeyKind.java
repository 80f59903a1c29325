package dev.bulwark.ratelimit.policy;

import java.util.Locale;

/** What a policy counts requests by. */
public enum KeyKind {
    /** The client address (IPv6 by /64), as resolved by the HTTP layer. */
    IP("ip"),
    /** The authenticated user. */
    USER("user"),
    /** The authenticated user's tenant. */
    TENANT("tenant"),
    /** The API key used. */
    API_KEY("api_key"),
    /** The client address and the request path together. */
    IP_PATH("ip+path"),
    /** The authenticated user and the request path together. */
    USER_PATH("user+path");

    private final String yamlName;

    KeyKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the policy file, e.g. {@code ip+path}. */
    public String yamlName() {
        return yamlName;
    }

    /**
     * Parses the policy-file spelling, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static KeyKind parse(String s) {
        if (s != null) {
            String wanted = s.trim().toLowerCase(Locale.ROOT);
            for (KeyKind k : values()) {
                if (k.yamlName.equals(wanted)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown key " + (s == null ? "null" : "\"" + s + "\"")
                + "; use one of ip, user, tenant, api_key, ip+path, user+path");
    }
}
