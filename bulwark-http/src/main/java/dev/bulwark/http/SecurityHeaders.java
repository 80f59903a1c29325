package dev.bulwark.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Headers every response carries. The API serves JSON only, so the content policy forbids everything and no
 * page may frame it; {@code no-store} keeps tokens and tenant data out of shared caches; HSTS is sent only over
 * TLS (RFC 6797 says a plain-HTTP response must not carry it).
 */
final class SecurityHeaders implements Handler {

    @Override
    public void handle(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        String path = ctx.path();
        if (path.startsWith("/auth") || path.startsWith("/api") || path.startsWith("/admin")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (Boolean.TRUE.equals(ctx.attribute(RequestAttributes.SECURE))) {
            ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
