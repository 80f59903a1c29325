package dev.bulwark.server.health;

import dev.bulwark.server.RouteGroup;
import dev.bulwark.token.KeyRing;
import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/** {@code GET /.well-known/jwks.json}: the public half of every key that may have signed a live token. */
public final class JwksRoutes implements RouteGroup {

    private final Supplier<KeyRing> keys;

    public JwksRoutes(Supplier<KeyRing> keys) {
        this.keys = keys;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/.well-known/jwks.json", ctx -> {
            // Short cache: verifiers elsewhere pick up a rotated key within five minutes.
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.json(keys.get().publicJwks());
        });
    }
}
