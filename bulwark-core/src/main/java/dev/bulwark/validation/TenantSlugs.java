package dev.bulwark.validation;

import java.util.Set;

/**
 * Tenant slugs: 3 to 63 characters of lower-case letters, digits and inner hyphens (a DNS label, so a slug can
 * become a sub-domain later). Checked by hand rather than by a regular expression, so the cost is linear in the
 * input however it is crafted. Names that a platform needs for itself are reserved.
 */
public final class TenantSlugs {

    static final Set<String> RESERVED = Set.of("admin", "administrator", "api", "app", "auth", "bulwark", "dashboard",
            "docs", "help", "internal", "login", "logout", "mail", "metrics", "root", "security", "static", "status",
            "support", "system", "www", "health", "well-known", "billing");

    private TenantSlugs() {
    }

    public static String normalise(String raw) {
        if (raw.length() < 3 || raw.length() > 63) {
            throw new InvalidValueException("must be 3 to 63 characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean edge = i == 0 || i == raw.length() - 1;
            if (!alnum && !(c == '-' && !edge)) {
                throw new InvalidValueException(
                        "must be lower-case letters, digits and hyphens, starting and ending with a letter or digit");
            }
        }
        if (RESERVED.contains(raw)) {
            throw new InvalidValueException("is reserved; choose another");
        }
        return raw;
    }
}
