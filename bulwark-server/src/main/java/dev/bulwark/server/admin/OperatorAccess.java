package dev.bulwark.server.admin;

import dev.bulwark.http.ProblemException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The platform operator's credential: {@code Authorization: Bearer <token>} whose SHA-256 equals
 * {@code BULWARK_ADMIN_TOKEN_HASH}. Only the hash is configured, so a leaked configuration does not leak the
 * token; the comparison is constant-time. A tenant's access token is not an operator token and gets 403 here,
 * and the operator token is not a JWT, so it never works on {@code /api} or {@code /auth}.
 */
final class OperatorAccess {

    private final Optional<byte[]> expectedHash;

    OperatorAccess(Optional<String> hashHex) {
        this.expectedHash = hashHex.map(HexFormat.of()::parseHex);
    }

    void require(Context ctx) {
        if (expectedHash.isEmpty()) {
            throw ProblemException.forbidden("operator access is not configured: set BULWARK_ADMIN_TOKEN_HASH");
        }
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ProblemException.unauthenticated();
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > 512 || !MessageDigest.isEqual(sha256(token), expectedHash.get())) {
            throw ProblemException.forbidden("this endpoint needs the operator token");
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
