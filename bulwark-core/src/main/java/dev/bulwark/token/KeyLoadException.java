package dev.bulwark.token;

/**
 * Signing keys could not be loaded or stored. The message says which file or directory, what is
 * wrong and how to fix it; it never contains key material. Unchecked: a server cannot start without
 * its keys, so the composition root reports it and exits.
 */
public final class KeyLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyLoadException(String message) {
        super(message);
    }

    public KeyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
