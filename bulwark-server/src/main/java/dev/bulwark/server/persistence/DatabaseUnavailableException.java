package dev.bulwark.server.persistence;

/**
 * The database could not be opened: not reachable, refused the credentials, or its schema
 * could not be migrated. The message names the URL without any password.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
