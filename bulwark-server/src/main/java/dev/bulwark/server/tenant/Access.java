package dev.bulwark.server.tenant;

import dev.bulwark.http.Principal;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.RequestAttributes;
import io.javalin.http.Context;

/**
 * Who may do what inside a tenant. Users act by role; API keys act as members and only within their scopes.
 * Every check returns the principal so that the handler scopes its query by the verified tenant id.
 */
final class Access {

    private Access() {
    }

    static Principal member(Context ctx, String scope) {
        Principal principal = RequestAttributes.requirePrincipal(ctx);
        if (principal.kind() == Principal.Kind.API_KEY && !principal.scopes().contains(scope)) {
            throw ProblemException.forbidden("this API key lacks the scope '" + scope + "'");
        }
        return principal;
    }

    static Principal ownerOrAdmin(Context ctx) {
        Principal principal = RequestAttributes.requirePrincipal(ctx);
        if (principal.kind() != Principal.Kind.ACCESS_TOKEN || !principal.isOwnerOrAdmin()) {
            throw ProblemException.forbidden("only an owner or admin of the tenant may do this");
        }
        return principal;
    }
}
