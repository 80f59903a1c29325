package dev.bulwark.server.auth;

import dev.bulwark.core.Sha256;
import dev.bulwark.http.ApiKeyAuthenticator;
import dev.bulwark.http.Principal;
import dev.bulwark.server.persistence.ApiKey;
import dev.bulwark.server.persistence.ApiKeyRepository;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys: {@code bwk_<8-character id prefix>_<256 random bits>}. The prefix lets an operator recognise a key
 * in a list without it being secret; only the SHA-256 of the whole key is stored (the key has 256 bits of
 * entropy, so a fast hash is as good as a slow one and keeps the per-request check cheap).
 *
 * <p>A key acts as a {@code member} of its tenant with the scopes it was given, never as an owner or admin: a
 * leaked integration key cannot add users or mint more keys.
 */
public final class ApiKeys implements ApiKeyAuthenticator {

    public static final Set<String> SCOPES = Set.of("projects:read", "projects:write", "users:read");
    private static final String PREFIX = "bwk_";

    private final ApiKeyRepository repository;
    private final SecureRandom random;

    public ApiKeys(ApiKeyRepository repository, SecureRandom random) {
        this.repository = repository;
        this.random = random;
    }

    /** A new key's secret text (shown once) and the stored row. */
    public record Created(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "Created[id=" + key.id() + "]";
        }
    }

    public Created create(String tenantId, String name, List<String> scopes, String createdBy) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String prefix = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        String key = PREFIX + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey stored = repository.create(tenantId, name, prefix, hash(key), scopes, createdBy);
        return new Created(stored, key);
    }

    @Override
    public Optional<Principal> authenticate(String presentedKey) {
        if (presentedKey.length() > 128 || !presentedKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return repository.findActiveByHash(hash(presentedKey)).map(key -> new Principal(Principal.Kind.API_KEY,
                key.createdBy(), key.tenantId(), "member", key.scopes(), null, null, null, key.id()));
    }

    static String hash(String key) {
        return Sha256.hex(key);
    }
}
