package dev.bulwark.session;

import java.util.Optional;

/** Looks up the current state of an account; empty when the account no longer exists. */
@FunctionalInterface
public interface SubjectDirectory {
    Optional<Subject> current(String tenantId, String userId);
}
