package dev.bulwark.validation;

/** One field that failed validation and why. The message never repeats a secret value back. */
public record Violation(String field, String message) {
}
