package dev.bulwark.http;

import java.time.Instant;
import java.util.List;

/**
 * The verified caller of a request. Built only from a verified access token or a stored API key, never from a
 * request field: handlers scope every query by {@link #tenantId()}.
 *
 * @param kind      how the caller proved itself
 * @param userId    the user (for an API key: the user who created it)
 * @param sessionId the {@code sid} of the token; null for API keys
 * @param jti       the token id; null for API keys
 * @param expiresAt token expiry; null for API keys
 * @param apiKeyId  the key id; null for tokens
 */
public record Principal(Kind kind, String userId, String tenantId, String role, List<String> scopes,
                        String sessionId, String jti, Instant expiresAt, String apiKeyId) {

    public enum Kind { ACCESS_TOKEN, API_KEY }

    public Principal {
        scopes = List.copyOf(scopes);
    }

    public boolean isOwnerOrAdmin() {
        return "owner".equals(role) || "admin".equals(role);
    }
}
