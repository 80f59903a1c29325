package dev.bulwark.session;

import java.time.Instant;

/** One login: a refresh-token family. Its id is the {@code sid} claim of every access token it issued. */
public record SessionRecord(String id, String tenantId, String userId, Instant createdAt, Instant expiresAt) {
}
