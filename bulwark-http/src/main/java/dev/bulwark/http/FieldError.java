package dev.bulwark.http;

/** One invalid field of a request body: which one, and why, in words a client developer can act on. */
public record FieldError(String field, String message) {
}
