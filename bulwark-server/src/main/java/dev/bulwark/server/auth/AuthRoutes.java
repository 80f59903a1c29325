package dev.bulwark.server.auth;

import dev.bulwark.guard.BruteForceGuard;
import dev.bulwark.http.EnforcementMode;
import dev.bulwark.http.Principal;
import dev.bulwark.http.ProblemException;
import dev.bulwark.http.RequestAttributes;
import dev.bulwark.http.SecurityEvents;
import dev.bulwark.http.StrictJson;
import dev.bulwark.server.RouteGroup;
import dev.bulwark.server.persistence.DuplicateKeyException;
import dev.bulwark.server.persistence.TenantRepository;
import dev.bulwark.server.persistence.UserRepository;
import dev.bulwark.session.RefreshRejectedException;
import dev.bulwark.session.SessionService;
import dev.bulwark.session.Subject;
import dev.bulwark.session.TokenPair;
import dev.bulwark.validation.EmailAddresses;
import dev.bulwark.validation.InvalidValueException;
import dev.bulwark.validation.Passwords;
import dev.bulwark.validation.TenantSlugs;
import dev.bulwark.validation.TextRules;
import dev.bulwark.validation.Validation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code /auth/*}: sign-up, login, refresh, logout and who-am-I (CONTRACT.md, HTTP API). */
public final class AuthRoutes implements RouteGroup {

    record RegisterRequest(String email, String password, String name, String tenant) {
    }

    record LoginRequest(String email, String password, String tenant) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record Registered(String userId, String tenantId, String tenant, String role) {
    }

    record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {
    }

    record Me(String userId, String email, String name, String tenantId, String tenant, String role) {
    }

    private static final int MAX_LOGIN_FIELD = 1024;

    private final StrictJson json;
    private final Accounts accounts;
    private final SessionService sessions;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final SecurityEvents events;
    private final BruteForceGuard bruteForce;
    private final EnforcementMode mode;

    public AuthRoutes(StrictJson json, Accounts accounts, SessionService sessions, TenantRepository tenants,
                      UserRepository users, SecurityEvents events, BruteForceGuard bruteForce, EnforcementMode mode) {
        this.bruteForce = bruteForce;
        this.mode = mode;
        this.json = json;
        this.accounts = accounts;
        this.sessions = sessions;
        this.tenants = tenants;
        this.users = users;
        this.events = events;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/auth/register", this::register);
        routes.post("/auth/login", this::login);
        routes.post("/auth/refresh", this::refresh);
        routes.post("/auth/logout", this::logout);
        routes.post("/auth/logout-all", this::logoutAll);
        routes.get("/auth/me", this::me);
    }

    private void register(Context ctx) {
        RegisterRequest body = json.read(ctx.bodyAsBytes(), RegisterRequest.class);
        Validation v = new Validation();
        String email = v.check("email", body.email(), EmailAddresses::normalise);
        String name = v.check("name", body.name(), TextRules::displayName);
        String tenant = v.check("tenant", body.tenant(), TenantSlugs::normalise);
        String password = v.check("password", body.password(),
                p -> Passwords.check(p, body.email(), body.name(), body.tenant()));
        v.throwIfInvalid();
        String address = RequestAttributes.clientKey(ctx);
        if (guarded()) {
            admitOrRefuse(ctx, bruteForce.admit(BruteForceGuard.Action.REGISTER, address), "register");
        }
        try {
            TenantRepository.Registration created = accounts.register(tenant, email, password, name);
            events.record("tenant_registered", ctx, Map.of("tenant", created.tenant().id(),
                    "user", created.owner().id()));
            ctx.status(201).json(new Registered(created.owner().id(), created.tenant().id(), created.tenant().slug(),
                    "owner"));
        } catch (DuplicateKeyException e) {
            if (guarded() && bruteForce.failed(BruteForceGuard.Action.REGISTER, address)) {
                events.record("lockout", ctx, Map.of("scope", "address", "action", "register"));
            }
            throw ProblemException.conflict("the tenant '" + tenant + "' already exists; choose another slug");
        }
    }

    private void login(Context ctx) {
        LoginRequest body = json.read(ctx.bodyAsBytes(), LoginRequest.class);
        Validation v = new Validation();
        String email = v.check("email", body.email(), AuthRoutes::loginEmail);
        String tenant = v.check("tenant", body.tenant(), AuthRoutes::bounded);
        String password = v.check("password", body.password(), AuthRoutes::bounded);
        v.throwIfInvalid();
        String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
        String slug = tenant.toLowerCase(Locale.ROOT);
        String address = RequestAttributes.clientKey(ctx);
        BruteForceGuard.Admission admission = guarded() ? bruteForce.admitLogin(slug, email, address) : null;
        if (admission != null) {
            admitOrRefuse(ctx, admission, "login");
        }
        Optional<Subject> subject = accounts.checkPassword(slug, email, normalised);
        if (subject.isEmpty()) {
            events.record("login_failed", ctx, Map.of("tenant_slug", tenant));
            if (admission != null) {
                BruteForceGuard.FailureOutcome outcome = bruteForce.loginFailed(slug, email, address);
                if (outcome.accountLockedNow()) {
                    events.record("lockout", ctx, Map.of("scope", "account", "action", "login", "tenant_slug", slug));
                }
                if (outcome.addressLockedNow()) {
                    events.record("lockout", ctx, Map.of("scope", "address", "action", "login"));
                }
            }
            throw new ProblemException(401, "Unauthorized", "the email, password or tenant is not right",
                    List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"bulwark\""));
        }
        if (admission != null) {
            bruteForce.loginSucceeded(slug, email);
            if (admission.yielded()) {
                events.record("lockout_yielded", ctx, Map.of("tenant", subject.get().tenantId(),
                        "user", subject.get().userId()));
            }
        }
        TokenPair pair = sessions.start(subject.get());
        events.record("login", ctx, Map.of("tenant", subject.get().tenantId(), "user", subject.get().userId(),
                "session", pair.claims().sessionId()));
        ctx.json(tokens(pair));
    }

    private void refresh(Context ctx) {
        RefreshRequest body = json.read(ctx.bodyAsBytes(), RefreshRequest.class);
        Validation v = new Validation();
        String presented = v.check("refresh_token", body.refreshToken(), AuthRoutes::bounded);
        v.throwIfInvalid();
        String address = RequestAttributes.clientKey(ctx);
        if (guarded()) {
            admitOrRefuse(ctx, bruteForce.admit(BruteForceGuard.Action.REFRESH, address), "refresh");
        }
        try {
            ctx.json(tokens(sessions.refresh(presented)));
        } catch (RefreshRejectedException e) {
            if (guarded() && bruteForce.failed(BruteForceGuard.Action.REFRESH, address)) {
                events.record("lockout", ctx, Map.of("scope", "address", "action", "refresh"));
            }
            String event = e.reason() == RefreshRejectedException.Reason.REUSED ? "refresh_token_reuse"
                    : "refresh_failed";
            Map<String, Object> details = e.session() == null
                    ? Map.of("reason", e.reason().name().toLowerCase(Locale.ROOT))
                    : Map.of("reason", e.reason().name().toLowerCase(Locale.ROOT), "session", e.session().id(),
                    "tenant", e.session().tenantId(), "user", e.session().userId());
            events.record(event, ctx, details);
            throw ProblemException.unauthorized("the refresh token is not valid");
        }
    }

    private void logout(Context ctx) {
        Principal principal = requireSession(ctx);
        sessions.logout(principal.jti(), principal.sessionId(), principal.expiresAt());
        events.record("logout", ctx, Map.of("session", principal.sessionId()));
        ctx.status(204);
    }

    private void logoutAll(Context ctx) {
        Principal principal = requireSession(ctx);
        sessions.logoutAll(principal.userId());
        events.record("logout_all", ctx, Map.of());
        ctx.status(204);
    }

    private void me(Context ctx) {
        Principal principal = RequestAttributes.requirePrincipal(ctx);
        var user = users.findById(principal.tenantId(), principal.userId())
                .orElseThrow(() -> ProblemException.unauthorized("the access token is not valid"));
        var tenant = tenants.findById(principal.tenantId())
                .orElseThrow(() -> ProblemException.unauthorized("the access token is not valid"));
        ctx.json(new Me(user.id(), user.email(), user.name(), tenant.id(), tenant.slug(), principal.role()));
    }

    private boolean guarded() {
        return mode != EnforcementMode.OFF;
    }

    /**
     * A refused attempt is answered 429 before any password or token is looked at, with one body for every
     * reason, so the answer says nothing about whether the account exists. Shadow mode logs and lets it through.
     */
    private void admitOrRefuse(Context ctx, BruteForceGuard.Admission admission, String action) {
        if (admission.admitted()) {
            return;
        }
        String reason = admission.refusal().name().toLowerCase(Locale.ROOT);
        if (mode == EnforcementMode.SHADOW) {
            events.record("throttled_shadow", ctx, Map.of("action", action, "reason", reason));
            return;
        }
        events.record("throttled", ctx, Map.of("action", action, "reason", reason));
        throw new ProblemException(429, "Too Many Requests",
                "too many failed attempts; retry after " + admission.retryAfterSeconds() + " s", List.of(),
                Map.of("Retry-After", Long.toString(admission.retryAfterSeconds())));
    }

    private static Principal requireSession(Context ctx) {
        Principal principal = RequestAttributes.requirePrincipal(ctx);
        if (principal.kind() != Principal.Kind.ACCESS_TOKEN) {
            throw ProblemException.forbidden("logging out needs the access token of a session, not an API key");
        }
        return principal;
    }

    private static String loginEmail(String raw) {
        bounded(raw);
        try {
            return EmailAddresses.normalise(raw);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("must be an email address");
        }
    }

    private static String bounded(String raw) {
        if (raw.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        if (raw.length() > MAX_LOGIN_FIELD) {
            throw new InvalidValueException("is too long");
        }
        return raw;
    }

    private static Tokens tokens(TokenPair pair) {
        return new Tokens(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresInSeconds());
    }
}
