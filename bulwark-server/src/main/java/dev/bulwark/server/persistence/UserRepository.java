package dev.bulwark.server.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Users, always within one tenant. E-mail addresses are compared case-insensitively: they
 * are lower-cased (Locale.ROOT) on the way in, on create and on lookup, so
 * {@code Alice@x} and {@code alice@x} are one account.
 */
public final class UserRepository {

    static final Set<String> ROLES = Set.of("owner", "admin", "member");

    static final RowMapper<User> USER = (rs, ctx) -> new User(
            rs.getString("id"), rs.getString("tenant_id"), rs.getString("email"), rs.getString("name"),
            rs.getString("password_hash"), rs.getString("role"), Sql.instant(rs, "created_at"));

    private final Jdbi jdbi;
    private final Clock clock;

    public UserRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.clock = Objects.requireNonNull(clock);
    }

    public UserRepository(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /**
     * @throws DuplicateKeyException if the tenant already has a user with this e-mail
     * @throws IllegalArgumentException if {@code role} is not owner, admin or member
     */
    public User create(String tenantId, String email, String name, String passwordHash, String role) {
        Instant now = Sql.micros(clock.instant());
        return Sql.failingOnDuplicate("e-mail already exists in tenant",
                () -> jdbi.withHandle(h -> insert(h, tenantId, email, name, passwordHash, role, now)));
    }

    static User insert(Handle h, String tenantId, String email, String name, String passwordHash, String role,
            Instant now) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES);
        }
        User user = new User(Sql.newId(), Objects.requireNonNull(tenantId), normalize(email),
                Objects.requireNonNull(name), Objects.requireNonNull(passwordHash), role, now);
        h.createUpdate("INSERT INTO users (id, tenant_id, email, name, password_hash, role, created_at)"
                        + " VALUES (:id, :tenant, :email, :name, :hash, :role, :created)")
                .bind("id", user.id())
                .bind("tenant", user.tenantId())
                .bind("email", user.email())
                .bind("name", user.name())
                .bind("hash", user.passwordHash())
                .bind("role", user.role())
                .bind("created", Sql.timestamp(now))
                .execute();
        return user;
    }

    public Optional<User> findByEmail(String tenantId, String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE tenant_id = :tenant AND email = :email")
                .bind("tenant", tenantId)
                .bind("email", normalize(email))
                .map(USER)
                .findOne());
    }

    public Optional<User> findById(String tenantId, String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", userId)
                .map(USER)
                .findOne());
    }

    /** The tenant's users, oldest first. */
    public List<User> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM users WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(USER)
                .list());
    }

    static String normalize(String email) {
        return Objects.requireNonNull(email, "email").trim().toLowerCase(Locale.ROOT);
    }
}
