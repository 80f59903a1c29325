package dev.bulwark.server.persistence;

import java.time.Instant;

/**
 * A member of one tenant. {@code email} is stored lower-cased; {@code role} is
 * {@code owner}, {@code admin} or {@code member}.
 */
public record User(String id, String tenantId, String email, String name, String passwordHash, String role,
        Instant createdAt) {

    /** Never prints the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", tenantId=" + tenantId + ", email=" + email + ", role=" + role + "]";
    }
}
