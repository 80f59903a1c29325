package dev.bulwark.server.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * API keys of tenants. The key itself is never stored, only its hash; scopes are stored
 * space-separated, so a scope may not contain whitespace.
 */
public final class ApiKeyRepository {

    static final RowMapper<ApiKey> API_KEY = (rs, ctx) -> new ApiKey(
            rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("prefix"),
            rs.getString("key_hash"), splitScopes(rs.getString("scopes")), rs.getString("created_by"),
            Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));

    private final Jdbi jdbi;
    private final Clock clock;

    public ApiKeyRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.clock = Objects.requireNonNull(clock);
    }

    public ApiKeyRepository(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /**
     * @throws DuplicateKeyException if a key with this hash exists (a collision of random keys:
     *                               the caller generates a new key)
     * @throws IllegalArgumentException if a scope is empty or contains whitespace
     */
    public ApiKey create(String tenantId, String name, String prefix, String keyHash, List<String> scopes,
            String createdBy) {
        ApiKey key = new ApiKey(Sql.newId(), Objects.requireNonNull(tenantId), Objects.requireNonNull(name),
                Objects.requireNonNull(prefix), Objects.requireNonNull(keyHash), scopes,
                Objects.requireNonNull(createdBy), Sql.micros(clock.instant()), null);
        String joined = joinScopes(key.scopes());
        return Sql.failingOnDuplicate("API key already exists", () -> jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes, created_by, created_at)"
                            + " VALUES (:id, :tenant, :name, :prefix, :hash, :scopes, :by, :created)")
                    .bind("id", key.id())
                    .bind("tenant", key.tenantId())
                    .bind("name", key.name())
                    .bind("prefix", key.prefix())
                    .bind("hash", key.keyHash())
                    .bind("scopes", joined)
                    .bind("by", key.createdBy())
                    .bind("created", Sql.timestamp(key.createdAt()))
                    .execute();
            return key;
        }));
    }

    /** The tenant's keys, active and revoked, oldest first. */
    public List<ApiKey> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM api_keys WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(API_KEY)
                .list());
    }

    /**
     * The unrevoked key with this hash, of whichever tenant: this is how a request's
     * {@code X-API-Key} finds its tenant.
     */
    public Optional<ApiKey> findActiveByHash(String keyHash) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", keyHash)
                .map(API_KEY)
                .findOne());
    }

    /** Revokes the key; {@code false} if the tenant has no such key or it is already revoked. */
    public boolean revoke(String tenantId, String id, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE api_keys SET revoked_at = :at"
                                + " WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL")
                .bind("at", Sql.timestamp(Objects.requireNonNull(at)))
                .bind("tenant", tenantId)
                .bind("id", id)
                .execute()) == 1;
    }

    static String joinScopes(List<String> scopes) {
        for (String scope : scopes) {
            if (scope.isEmpty() || !scope.equals(scope.strip()) || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a scope must be non-empty and contain no whitespace");
            }
        }
        return String.join(" ", scopes);
    }

    static List<String> splitScopes(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return Arrays.asList(stored.trim().split("\\s+"));
    }
}
