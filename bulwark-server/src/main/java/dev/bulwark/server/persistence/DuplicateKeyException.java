package dev.bulwark.server.persistence;

/**
 * A create hit a unique constraint (SQLState 23505): the slug, e-mail or key already exists.
 * The message says which value kind, never the SQL; callers answer 409.
 */
public final class DuplicateKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
