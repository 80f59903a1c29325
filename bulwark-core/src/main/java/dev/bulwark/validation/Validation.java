package dev.bulwark.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Collects the checks of one request body. Each check returns the normalised value (or null when it failed)
 * and records a {@link Violation} otherwise; {@link #throwIfInvalid()} ends the validation.
 *
 * <pre>{@code
 * Validation v = new Validation();
 * String email = v.check("email", body.email(), EmailAddresses::normalise);
 * String name = v.check("name", body.name(), DisplayNames::normalise);
 * v.throwIfInvalid();
 * }</pre>
 */
public final class Validation {

    private final List<Violation> violations = new ArrayList<>();

    /**
     * Runs {@code rule} on a required value. The rule returns the normalised value or throws
     * {@link InvalidValueException} with the reason.
     */
    public <T> T check(String field, String value, Function<String, T> rule) {
        if (value == null) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        return apply(field, value, rule);
    }

    /** Like {@link #check} but a missing value is fine and gives null. */
    public <T> T optional(String field, String value, Function<String, T> rule) {
        return value == null ? null : apply(field, value, rule);
    }

    public void fail(String field, String message) {
        violations.add(new Violation(field, message));
    }

    public boolean hasErrors() {
        return !violations.isEmpty();
    }

    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }

    private <T> T apply(String field, String value, Function<String, T> rule) {
        try {
            return rule.apply(value);
        } catch (InvalidValueException e) {
            violations.add(new Violation(field, e.getMessage()));
            return null;
        }
    }
}
