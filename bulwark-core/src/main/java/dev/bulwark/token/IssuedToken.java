package dev.bulwark.token;

import java.util.Objects;

/**
 * A freshly signed access token and the claims it carries.
 *
 * <p>{@link #toString()} leaves the token out, so logging this record never leaks a credential.
 */
public record IssuedToken(String token, AccessTokenClaims claims) {

    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(claims, "claims");
    }

    @Override
    public String toString() {
        return "IssuedToken[token=<redacted>, claims=" + claims + "]";
    }
}
