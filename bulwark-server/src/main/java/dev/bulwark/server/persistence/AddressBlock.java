package dev.bulwark.server.persistence;

import java.time.Instant;

/** An operator's block of one client address; {@code until} is null for a block without end. */
public record AddressBlock(String address, String reason, Instant createdAt, Instant until) {
}
