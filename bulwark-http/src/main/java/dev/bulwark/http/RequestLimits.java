package dev.bulwark.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses bodies the API will not read before anything reads them: a declared length over the limit is 413 at
 * once (a chunked body is cut at the same limit by the server while it is read), and a body that is not JSON is
 * 415, so no handler ever parses form data or XML by accident.
 */
final class RequestLimits implements Handler {

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final long maxBodyBytes;

    RequestLimits(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("TRACE") || method.equals("CONNECT")) {
            throw new ProblemException(405, "Method Not Allowed", method + " is not supported",
                    java.util.List.of(), java.util.Map.of("Allow", "GET, POST, PUT, DELETE"));
        }
        if (method.equals("HEAD")) {
            // Javalin answers HEAD for a GET route without running that route's handler or the matched-route
            // steps (authentication, rate limits), so HEAD is served only where nothing is protected.
            String path = RequestAttributes.normalisedPath(ctx);
            if (!path.equals("/health") && !path.equals("/.well-known/jwks.json")) {
                throw new ProblemException(405, "Method Not Allowed", "HEAD is not supported here; use GET",
                        java.util.List.of(), java.util.Map.of("Allow", "GET"));
            }
        }
        long length = ctx.contentLength();
        if (length > maxBodyBytes) {
            throw new ProblemException(413, "Content Too Large",
                    "the request body is larger than " + maxBodyBytes + " bytes", java.util.List.of(),
                    java.util.Map.of());
        }
        boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
        if (BODY_METHODS.contains(method) && hasBody && !isJson(ctx.header("Content-Type"))) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "send the body as application/json", java.util.List.of(),
                    java.util.Map.of("Accept", "application/json"));
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (param.startsWith("charset=") && !param.equals("charset=utf-8") && !param.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }
}
