package dev.bulwark.redis;

/** A Redis command failed or did not answer within the command timeout. */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
