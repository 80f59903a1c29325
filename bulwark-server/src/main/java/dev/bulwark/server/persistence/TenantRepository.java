package dev.bulwark.server.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Tenants, and the registration that creates a tenant together with its owner. */
public final class TenantRepository {

    /** What a registration created. */
    public record Registration(Tenant tenant, User owner) {
    }

    static final RowMapper<Tenant> TENANT = (rs, ctx) -> new Tenant(
            rs.getString("id"), rs.getString("slug"), rs.getString("name"), Sql.instant(rs, "created_at"));

    private final Jdbi jdbi;
    private final Clock clock;

    public TenantRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.clock = Objects.requireNonNull(clock);
    }

    public TenantRepository(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /**
     * Creates the tenant and its first user, role {@code owner}, in one transaction: either both
     * exist afterwards or neither does.
     *
     * @throws DuplicateKeyException if the slug is taken
     */
    public Registration registerTenantWithOwner(String slug, String tenantName, String email, String userName,
            String passwordHash) {
        Instant now = Sql.micros(clock.instant());
        Tenant tenant = new Tenant(Sql.newId(), Objects.requireNonNull(slug), Objects.requireNonNull(tenantName), now);
        return Sql.failingOnDuplicate("tenant slug already exists", () -> jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO tenants (id, slug, name, created_at) VALUES (:id, :slug, :name, :created)")
                    .bind("id", tenant.id())
                    .bind("slug", tenant.slug())
                    .bind("name", tenant.name())
                    .bind("created", Sql.timestamp(now))
                    .execute();
            User owner = UserRepository.insert(h, tenant.id(), email, userName, passwordHash, "owner", now);
            return new Registration(tenant, owner);
        }));
    }

    public Optional<Tenant> findBySlug(String slug) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE slug = :slug")
                .bind("slug", slug)
                .map(TENANT)
                .findOne());
    }

    public Optional<Tenant> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE id = :id")
                .bind("id", id)
                .map(TENANT)
                .findOne());
    }
}
