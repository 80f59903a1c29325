package dev.bulwark.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (a request refused while parsing, before Javalin runs: a bad URI, oversized headers, a
 * bad Host, an unsupported protocol, an ambiguous body length; or a servlet-level error) as RFC 9457 problems with
 * the security headers of {@link SecurityHeaders}. The title and detail come from the status alone: Jetty's
 * message can echo the request, so it is never written.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        response.setStatus(status);
        headers(request, response, status);
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    private static void headers(Request request, Response response, int status) {
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, ProblemResponses.CONTENT_TYPE);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (request.isSecure()) {
            headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (status >= 400 && status < 500) {
            // a request Jetty could not parse leaves the stream in an unknown state: never reuse the connection
            headers.put(HttpHeader.CONNECTION, "close");
        }
    }

    /** The problem document; every part is a constant chosen by status, so no escaping is needed. */
    static byte[] body(int status) {
        return ("{\"type\":\"about:blank\",\"title\":\"" + SecurityPipeline.titleFor(status) + "\",\"status\":"
                + status + ",\"detail\":\"" + detailFor(status) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 408 -> "the request took too long";
            case 411 -> "the request body needs a length";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "the request body has an unsupported media type";
            case 417 -> "the expectation cannot be met";
            case 426 -> "the protocol is not supported; use HTTP/1.1";
            case 431 -> "the request headers are too large";
            case 501 -> "the request needs a feature the server does not implement";
            case 503 -> "the server cannot take the request now; try again later";
            case 505 -> "the HTTP version is not supported";
            default -> status >= 500 ? "the server could not complete the request" : "the request could not be processed";
        };
    }
}
