package dev.bulwark.server;

import io.javalin.config.RoutesConfig;

/** A set of endpoints that belong together; the composition root adds each group to the server. */
public interface RouteGroup {
    void addTo(RoutesConfig routes);
}
