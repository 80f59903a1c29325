package dev.bulwark.session;

import dev.bulwark.token.AccessTokenClaims;

/** What a login or a refresh hands out. The refresh token is shown to the client once and stored only hashed. */
public record TokenPair(String accessToken, String refreshToken, long expiresInSeconds, AccessTokenClaims claims) {

    @Override
    public String toString() {
        // Never let a token reach a log line through toString.
        return "TokenPair[sid=" + claims.sessionId() + ", expiresIn=" + expiresInSeconds + "]";
    }
}
