package dev.bulwark.server.tenant;

import dev.bulwark.http.Principal;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.StrictJson;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.DuplicateKeyException;
import dev.bulwark.server.persistence.User;
import dev.bulwark.server.persistence.UserRepository;
import dev.bulwark.validation.EmailAddresses;
import dev.bulwark.validation.InvalidValueException;
import dev.bulwark.validation.Passwords;
import dev.bulwark.validation.TextRules;
import dev.bulwark.validation.Validation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/users}: members of the caller's tenant. Roles can only be handed down: an owner may add admins and
 * members, an admin only members, and nobody can create another owner or change a role through this API.
 */
public final class UserRoutes implements RouteGroup {

    record CreateUser(String email, String password, String name, String role) {
    }

    record UserView(String id, String email, String name, String role, String createdAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.email(), user.name(), user.role(), user.createdAt().toString());
        }
    }

    private final StrictJson json;
    private final UserRepository users;
    private final PasswordHasher hasher;

    public UserRoutes(StrictJson json, UserRepository users, PasswordHasher hasher) {
        this.json = json;
        this.users = users;
        this.hasher = hasher;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/users", this::create);
        routes.get("/api/users", this::list);
    }

    private void create(Context ctx) {
        Principal caller = Access.ownerOrAdmin(ctx);
        CreateUser body = json.read(ctx.bodyAsBytes(), CreateUser.class);
        Validation v = new Validation();
        String email = v.check("email", body.email(), EmailAddresses::normalise);
        String name = v.check("name", body.name(), TextRules::displayName);
        String role = v.check("role", body.role(), r -> grantable(caller, r));
        String password = v.check("password", body.password(), p -> Passwords.check(p, body.email(), body.name()));
        v.throwIfInvalid();
        try {
            User user = users.create(caller.tenantId(), email, name, hasher.hash(password.toCharArray()), role);
            ctx.status(201).json(UserView.of(user));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("a user with this email already exists in the tenant");
        }
    }

    private void list(Context ctx) {
        Principal caller = Access.member(ctx, "users:read");
        ctx.json(new Items<>(users.list(caller.tenantId()).stream().map(UserView::of).toList()));
    }

    private static String grantable(Principal caller, String role) {
        if (!role.equals("admin") && !role.equals("member")) {
            throw new InvalidValueException("must be 'admin' or 'member'");
        }
        if (role.equals("admin") && !"owner".equals(caller.role())) {
            throw new InvalidValueException("only the tenant owner may add admins");
        }
        return role;
    }
}
