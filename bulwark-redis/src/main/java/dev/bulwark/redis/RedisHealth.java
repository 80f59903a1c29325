package dev.bulwark.redis;

import java.util.Objects;

/**
 * What {@code /health} says about Redis.
 *
 * @param status {@code UP}, or {@code DEGRADED} while decisions are made locally
 * @param reason why it is degraded, e.g. {@code circuit open: RedisCommandTimeoutException ...}; empty when up
 */
public record RedisHealth(Status status, String reason) {

    /** The states {@code /health} reports for the Redis component. */
    public enum Status {
        UP, DEGRADED
    }

    public RedisHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static RedisHealth up() {
        return new RedisHealth(Status.UP, "");
    }
}
