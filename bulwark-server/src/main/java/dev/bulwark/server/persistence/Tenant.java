package dev.bulwark.server.persistence;

import java.time.Instant;

/** A customer organisation; {@code slug} is its unique, URL-safe handle. */
public record Tenant(String id, String slug, String name, Instant createdAt) {
}
