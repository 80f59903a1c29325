package dev.bulwark.server.tenant;

import dev.bulwark.http.Principal;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.SecurityEvents;
import dev.bulwark.http.StrictJson;
import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.auth.ApiKeys;
import dev.bulwark.server.persistence.ApiKey;
import dev.bulwark.server.persistence.ApiKeyRepository;
import dev.bulwark.validation.TextRules;
import dev.bulwark.validation.Validation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code /api/keys}: API keys of the caller's tenant. The key itself is shown once, in the 201 answer. */
public final class KeyRoutes implements RouteGroup {

    record CreateKey(String name, List<String> scopes) {
    }

    record CreatedKey(String id, String name, String key, List<String> scopes) {
    }

    record KeyView(String id, String name, String prefix, List<String> scopes, String createdAt, String revokedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.name(), key.prefix(), key.scopes(), key.createdAt().toString(),
                    key.revokedAt() == null ? null : key.revokedAt().toString());
        }
    }

    private final StrictJson json;
    private final ApiKeys apiKeys;
    private final ApiKeyRepository repository;
    private final SecurityEvents events;
    private final Clock clock;

    public KeyRoutes(StrictJson json, ApiKeys apiKeys, ApiKeyRepository repository, SecurityEvents events,
                     Clock clock) {
        this.json = json;
        this.apiKeys = apiKeys;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/keys", this::create);
        routes.get("/api/keys", this::list);
        routes.delete("/api/keys/{id}", this::revoke);
    }

    private void create(Context ctx) {
        Principal caller = Access.ownerOrAdmin(ctx);
        CreateKey body = json.read(ctx.bodyAsBytes(), CreateKey.class);
        Validation v = new Validation();
        String name = v.check("name", body.name(), n -> TextRules.guardedName(n, 100));
        List<String> scopes = body.scopes() == null ? List.of() : body.scopes();
        if (body.scopes() == null) {
            v.fail("scopes", "is required: a list of " + String.join(", ", ApiKeys.SCOPES.stream().sorted().toList()));
        } else if (scopes.isEmpty() || scopes.size() > ApiKeys.SCOPES.size()
                || scopes.stream().anyMatch(s -> s == null || !ApiKeys.SCOPES.contains(s))
                || scopes.stream().distinct().count() != scopes.size()) {
            v.fail("scopes", "must be distinct values among " + String.join(", ",
                    ApiKeys.SCOPES.stream().sorted().toList()));
        }
        v.throwIfInvalid();
        ApiKeys.Created created = apiKeys.create(caller.tenantId(), name, scopes, caller.userId());
        events.record("api_key_created", ctx, Map.of("api_key", created.key().id()));
        ctx.status(201).json(new CreatedKey(created.key().id(), created.key().name(), created.secret(),
                created.key().scopes()));
    }

    private void list(Context ctx) {
        Principal caller = Access.ownerOrAdmin(ctx);
        ctx.json(new Items<>(repository.list(caller.tenantId()).stream().map(KeyView::of).toList()));
    }

    private void revoke(Context ctx) {
        Principal caller = Access.ownerOrAdmin(ctx);
        String id = ctx.pathParam("id");
        if (id.length() > 64 || !repository.revoke(caller.tenantId(), id, clock.instant())) {
            throw ProblemException.notFound("no such API key");
        }
        events.record("api_key_revoked", ctx, Map.of("api_key", id));
        ctx.status(204);
    }
}
