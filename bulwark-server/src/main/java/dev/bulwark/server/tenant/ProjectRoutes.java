package dev.bulwark.server.tenant;

import dev.bulwark.http.Principal;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.StrictJson;
import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.Project;
import dev.bulwark.server.persistence.ProjectRepository;
import dev.bulwark.validation.TextRules;
import dev.bulwark.validation.Validation;
import dev.bulwark.validation.WebhookUrls;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/projects}: the tenant's own resource. Every query is scoped by the verified tenant id, so another
 * tenant's project id is simply not found (404) — never 403, which would confirm that it exists.
 */
public final class ProjectRoutes implements RouteGroup {

    record ProjectBody(String name, String description, String webhookUrl) {
    }

    record ProjectView(String id, String name, String description, String webhookUrl, String createdAt,
                       String updatedAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.name(), p.description(), p.webhookUrl(), p.createdAt().toString(),
                    p.updatedAt().toString());
        }
    }

    private record Valid(String name, String description, String webhookUrl) {
    }

    private final StrictJson json;
    private final ProjectRepository projects;
    private final WebhookUrls webhooks;

    public ProjectRoutes(StrictJson json, ProjectRepository projects, WebhookUrls webhooks) {
        this.json = json;
        this.projects = projects;
        this.webhooks = webhooks;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/projects", this::create);
        routes.get("/api/projects", this::list);
        routes.get("/api/projects/{id}", this::get);
        routes.put("/api/projects/{id}", this::update);
        routes.delete("/api/projects/{id}", this::delete);
    }

    private void create(Context ctx) {
        Principal caller = Access.member(ctx, "projects:write");
        Valid body = validate(json.read(ctx.bodyAsBytes(), ProjectBody.class));
        Project created = projects.create(caller.tenantId(), body.name(), body.description(), body.webhookUrl());
        ctx.status(201).json(ProjectView.of(created));
    }

    private void list(Context ctx) {
        Principal caller = Access.member(ctx, "projects:read");
        ctx.json(new Items<>(projects.list(caller.tenantId()).stream().map(ProjectView::of).toList()));
    }

    private void get(Context ctx) {
        Principal caller = Access.member(ctx, "projects:read");
        ctx.json(ProjectView.of(projects.find(caller.tenantId(), id(ctx)).orElseThrow(ProjectRoutes::notFound)));
    }

    private void update(Context ctx) {
        Principal caller = Access.member(ctx, "projects:write");
        String id = id(ctx);
        Valid body = validate(json.read(ctx.bodyAsBytes(), ProjectBody.class));
        Project updated = projects.update(caller.tenantId(), id, body.name(), body.description(), body.webhookUrl())
                .orElseThrow(ProjectRoutes::notFound);
        ctx.json(ProjectView.of(updated));
    }

    private void delete(Context ctx) {
        Principal caller = Access.member(ctx, "projects:write");
        if (!projects.delete(caller.tenantId(), id(ctx))) {
            throw notFound();
        }
        ctx.status(204);
    }

    /** The constraints of {@link ProjectBody}, every field checked and every failure reported together. */
    private Valid validate(ProjectBody body) {
        Validation v = new Validation();
        String name = v.check("name", body.name(), n -> TextRules.guardedName(n, 200));
        String description = v.optional("description", body.description(),
                d -> TextRules.guardedFreeText(d, 2000));
        String webhook = v.optional("webhook_url", body.webhookUrl(), webhooks::check);
        v.throwIfInvalid();
        return new Valid(name, description == null ? "" : description, webhook);
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (id.length() > 64) {
            throw notFound();
        }
        return id;
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("no such project");
    }
}
