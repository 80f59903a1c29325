package dev.bulwark.server.health;

import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code UP} when every component works; {@code DEGRADED} when the server still answers
 * correctly without one — Redis down means limits are decided locally and revocations travel by polling the
 * database; {@code DOWN} with 503 when it cannot serve (no database). The Redis component reads
 * {@code DISABLED} when no Redis is configured, so a dashboard can tell an embedded deployment from a broken one.
 */
public final class HealthRoutes implements RouteGroup {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;
    private final Supplier<ComponentHealth> redis;

    public HealthRoutes(Database database, Supplier<ComponentHealth> redis) {
        this.database = database;
        this.redis = redis;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::health);
    }

    private void health(Context ctx) {
        boolean databaseUp = database.isHealthy(CHECK_TIMEOUT);
        ComponentHealth redisHealth = redis.get();
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("database", Map.of("status", databaseUp ? "UP" : "DOWN"));
        components.put("redis", view(redisHealth));
        String status = !databaseUp ? "DOWN" : redisHealth.isDegraded() ? "DEGRADED" : "UP";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("components", components);
        ctx.header("Cache-Control", "no-store");
        ctx.status(databaseUp ? 200 : 503).json(body);
    }

    private static Map<String, Object> view(ComponentHealth health) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", health.status());
        if (health.detail() != null) {
            view.put("detail", health.detail());
        }
        return view;
    }
}
