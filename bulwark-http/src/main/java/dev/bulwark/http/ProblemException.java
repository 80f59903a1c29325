package dev.bulwark.http;

import java.util.List;
import java.util.Map;

/**
 * A request that ends in an RFC 9457 problem. Thrown anywhere in the pipeline or a handler and turned into an
 * {@code application/problem+json} answer by {@link ProblemResponses}. The detail is shown to the client: it must
 * never hold a secret, a stack trace, a SQL fragment or a class name.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail, List<FieldError> errors,
                            Map<String, String> headers) {
        super(title + ": " + detail, null, false, false);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail, List.of(), Map.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    public static ProblemException unauthenticated() {
        return new ProblemException(401, "Unauthorized", "authentication is required", List.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of(), Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, List.of(), Map.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(), Map.of());
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(422, "Unprocessable Content", "the request has invalid fields", errors, Map.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
