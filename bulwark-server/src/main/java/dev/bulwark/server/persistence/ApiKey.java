package dev.bulwark.server.persistence;

import java.time.Instant;
import java.util.List;

/**
 * An API key of a tenant. Only the SHA-256 of the key is stored ({@code keyHash}, hex);
 * {@code prefix} is its first characters, shown in listings so a user can tell keys apart.
 * {@code revokedAt} is {@code null} while the key is active.
 */
public record ApiKey(String id, String tenantId, String name, String prefix, String keyHash, List<String> scopes,
        String createdBy, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        scopes = List.copyOf(scopes);
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
