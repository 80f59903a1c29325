package dev.bulwark.server.health;

import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: {@code UP} when every component works, {@code DEGRADED} when the server still answers
 * correctly without one (Redis, from issue 3 on), {@code DOWN} with 503 when it cannot serve (no database).
 * The Redis component reads {@code DISABLED} while state is kept in-process, so a dashboard can tell an
 * embedded deployment from a broken one.
 */
public final class HealthRoutes implements RouteGroup {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;
    private final boolean redisConfigured;

    public HealthRoutes(Database database, boolean redisConfigured) {
        this.database = database;
        this.redisConfigured = redisConfigured;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::health);
    }

    private void health(Context ctx) {
        boolean databaseUp = database.isHealthy(CHECK_TIMEOUT);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("database", Map.of("status", databaseUp ? "UP" : "DOWN"));
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("status", redisConfigured ? "UNKNOWN" : "DISABLED");
        if (!redisConfigured) {
            redis.put("detail", "BULWARK_REDIS_URL is not set: state is in-process");
        }
        components.put("redis", redis);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "UP" : "DOWN");
        body.put("components", components);
        ctx.header("Cache-Control", "no-store");
        ctx.status(databaseUp ? 200 : 503).json(body);
    }
}
