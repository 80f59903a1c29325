package dev.bulwark.server.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Projects, always within one tenant: another tenant's project id behaves exactly like an
 * unknown one (empty / {@code false}), so the API can answer 404 for both.
 */
public final class ProjectRepository {

    static final RowMapper<Project> PROJECT = (rs, ctx) -> new Project(
            rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("description"),
            rs.getString("webhook_url"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));

    private final Jdbi jdbi;
    private final Clock clock;

    public ProjectRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.clock = Objects.requireNonNull(clock);
    }

    public ProjectRepository(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** {@code webhookUrl} may be {@code null}; {@code name} and {@code description} may not. */
    public Project create(String tenantId, String name, String description, String webhookUrl) {
        Instant now = Sql.micros(clock.instant());
        Project project = new Project(Sql.newId(), Objects.requireNonNull(tenantId), Objects.requireNonNull(name),
                Objects.requireNonNull(description), webhookUrl, now, now);
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO projects (id, tenant_id, name, description, webhook_url, created_at, updated_at)"
                                + " VALUES (:id, :tenant, :name, :description, :webhook, :created, :created)")
                .bind("id", project.id())
                .bind("tenant", project.tenantId())
                .bind("name", project.name())
                .bind("description", project.description())
                .bind("webhook", project.webhookUrl())
                .bind("created", Sql.timestamp(now))
                .execute());
        return project;
    }

    /** The tenant's projects, oldest first. */
    public List<Project> list(String tenantId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM projects WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(PROJECT)
                .list());
    }

    public Optional<Project> find(String tenantId, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(PROJECT)
                .findOne());
    }

    /** Replaces name, description and webhook URL; empty if the tenant has no such project. */
    public Optional<Project> update(String tenantId, String id, String name, String description, String webhookUrl) {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Instant now = Sql.micros(clock.instant());
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE projects SET name = :name, description = :description,"
                            + " webhook_url = :webhook, updated_at = :now WHERE tenant_id = :tenant AND id = :id")
                    .bind("name", name)
                    .bind("description", description)
                    .bind("webhook", webhookUrl)
                    .bind("now", Sql.timestamp(now))
                    .bind("tenant", tenantId)
                    .bind("id", id)
                    .execute();
            if (updated == 0) {
                return Optional.<Project>empty();
            }
            return h.createQuery("SELECT * FROM projects WHERE tenant_id = :tenant AND id = :id")
                    .bind("tenant", tenantId)
                    .bind("id", id)
                    .map(PROJECT)
                    .findOne();
        });
    }

    /** {@code false} if the tenant has no such project. */
    public boolean delete(String tenantId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM projects WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .execute()) == 1;
    }
}
