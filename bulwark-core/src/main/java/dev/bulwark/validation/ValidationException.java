package dev.bulwark.validation;

import java.util.List;

/** Every violation of one input, reported together so a client fixes them in one round. */
public final class ValidationException extends RuntimeException {

    private final List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(violations.size() + " invalid field(s)", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
