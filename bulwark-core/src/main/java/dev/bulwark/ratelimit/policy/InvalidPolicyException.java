package dev.bulwark.ratelimit.policy;

/**
 * A policy file, or a policy, that cannot be used. The message names the policy (index and name)
 * and the field, and says how to fix it; it is meant for the operator as it stands.
 */
public class InvalidPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
        super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
