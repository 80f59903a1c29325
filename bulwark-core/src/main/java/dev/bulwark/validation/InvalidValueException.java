package dev.bulwark.validation;

/** A value a rule refuses; the message says why, in terms of the rule, never by echoing the value. */
public final class InvalidValueException extends RuntimeException {
    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
