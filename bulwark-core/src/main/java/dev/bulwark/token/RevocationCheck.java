package dev.bulwark.token;

/**
 * Answers whether a signature-valid, unexpired token has been revoked: by its {@code jti}, its
 * session ({@code sid}), or its user (a per-user epoch later than {@code iat}).
 *
 * <p>Called on every verification, cache hit or not, so it must be a local lookup. An exception
 * thrown here propagates out of {@link AccessTokenVerifier#verify}: the token is not accepted.
 */
@FunctionalInterface
public interface RevocationCheck {

    boolean isRevoked(AccessTokenClaims claims);
}
