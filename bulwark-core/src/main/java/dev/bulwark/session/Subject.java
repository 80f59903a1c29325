package dev.bulwark.session;

import java.util.List;

/** Who a session speaks for, as the account is now: read again on every refresh so a role change takes effect. */
public record Subject(String userId, String tenantId, String role, List<String> scope) {
    public Subject {
        scope = List.copyOf(scope);
    }
}
