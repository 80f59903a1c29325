package dev.bulwark.server.persistence;

import java.time.Instant;

/** A project of a tenant; {@code webhookUrl} may be {@code null}. */
public record Project(String id, String tenantId, String name, String description, String webhookUrl,
        Instant createdAt, Instant updatedAt) {
}
