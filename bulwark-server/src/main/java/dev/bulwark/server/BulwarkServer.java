package dev.bulwark.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bulwark.http.ClientAddressResolver;
import dev.bulwark.http.InFlightRequests;
import dev.bulwark.http.ProblemResponses;
import dev.bulwark.http.SecurityEvents;
import dev.bulwark.http.SecurityPipeline;
import dev.bulwark.http.StrictJson;
import dev.bulwark.password.PasswordHasher;
import dev.bulwark.ratelimit.InProcessRateLimiterFactory;
import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.ratelimit.policy.RateLimitPolicies;
import dev.bulwark.revocation.InMemoryRevocationStore;
import dev.bulwark.server.auth.Accounts;
import dev.bulwark.server.auth.ApiKeys;
import dev.bulwark.server.auth.AuthRoutes;
import dev.bulwark.server.auth.DurableRevocationStore;
import dev.bulwark.server.auth.JdbcSessionStore;
import dev.bulwark.server.config.DeploymentEnvironment;
import dev.bulwark.server.config.PolicyFiles;
import dev.bulwark.server.config.ServerConfig;
import dev.bulwark.server.health.HealthRoutes;
import dev.bulwark.server.health.JwksRoutes;
import dev.bulwark.server.persistence.ApiKeyRepository;
import dev.bulwark.server.persistence.Database;
import dev.bulwark.server.persistence.ProjectRepository;
import dev.bulwark.server.persistence.RevocationRepository;
import dev.bulwark.server.persistence.SessionRepository;
import dev.bulwark.server.persistence.TenantRepository;
import dev.bulwark.server.persistence.UserRepository;
import dev.bulwark.server.tenant.KeyRoutes;
import dev.bulwark.server.tenant.ProjectRoutes;
import dev.bulwark.server.tenant.UserRoutes;
import dev.bulwark.session.RefreshTokens;
import dev.bulwark.session.SessionService;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.VerifiedTokenCache;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place where the server's parts are built and wired, in dependency order.
 * Nothing else constructs a service; everything receives what it needs through its constructor.
 */
public final class BulwarkServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulwarkServer.class);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    static final Set<String> PUBLIC_PATHS = Set.of("/auth/register", "/auth/login", "/auth/refresh", "/health",
            "/.well-known/jwks.json");

    private final ServerConfig config;
    private final Database database;
    private final Javalin app;
    private final ScheduledExecutorService housekeeping;
    private final InFlightRequests inFlight;

    private BulwarkServer(ServerConfig config, Database database, Javalin app, ScheduledExecutorService housekeeping,
                          InFlightRequests inFlight) {
        this.config = config;
        this.database = database;
        this.app = app;
        this.housekeeping = housekeeping;
        this.inFlight = inFlight;
    }

    /** Builds every part from the configuration and starts listening. */
    public static BulwarkServer start(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        ObjectMapper output = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();

        KeyRing keys = config.environment() == DeploymentEnvironment.DEVELOPMENT && !config.keysDirExplicit()
                ? KeyDirectory.loadOrGenerate(config.keysDir(), config.jwtAlgorithm(), clock)
                : KeyDirectory.load(config.keysDir());

        Database database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        try {
            TenantRepository tenants = new TenantRepository(database.jdbi());
            UserRepository users = new UserRepository(database.jdbi());
            ApiKeyRepository apiKeyRows = new ApiKeyRepository(database.jdbi());
            ProjectRepository projects = new ProjectRepository(database.jdbi());
            SessionRepository sessionRows = new SessionRepository(database.jdbi());
            RevocationRepository revocationRows = new RevocationRepository(database.jdbi());

            DurableRevocationStore revocations = new DurableRevocationStore(revocationRows,
                    new InMemoryRevocationStore(clock, config.clockSkew()));
            revocations.warm(sessionRows, clock, config.refreshTtl());

            PasswordHasher hasher = new PasswordHasher();
            Accounts accounts = new Accounts(tenants, users, hasher);
            AccessTokenIssuer issuer = new AccessTokenIssuer(keys, config.issuer(), config.audience(),
                    config.accessTtl(), clock);
            AccessTokenVerifier verifier = new AccessTokenVerifier(keys, config.issuer(), config.audience(),
                    config.clockSkew(), clock,
                    claims -> revocations.isRevoked(claims.jti(), claims.sessionId(), claims.subject(),
                            claims.issuedAt()),
                    new VerifiedTokenCache(100_000));
            SessionService sessions = new SessionService(issuer, new JdbcSessionStore(sessionRows), revocations, accounts,
                    new RefreshTokens(random), config.accessTtl(), config.refreshTtl(), clock);
            ApiKeys apiKeys = new ApiKeys(apiKeyRows, random);

            RateLimitPolicies policies = config.policiesFile().map(PolicyFiles::read)
                    .orElseGet(RateLimitPolicies::defaults);
            SecurityEvents events = new SecurityEvents(output, clock);
            StrictJson json = new StrictJson();
            SecurityPipeline pipeline = new SecurityPipeline(new SecurityPipeline.Settings(
                    new ClientAddressResolver(config.trustedProxies()), config.maxBodyBytes(), verifier, apiKeys,
                    PUBLIC_PATHS, policies, new InProcessRateLimiterFactory(MicrosClock.system(), 100_000),
                    config.enforcement(), new ProblemResponses(output), events));

            List<RouteGroup> groups = List.of(
                    new AuthRoutes(json, accounts, sessions, tenants, users, events),
                    new UserRoutes(json, users, hasher),
                    new KeyRoutes(json, apiKeys, apiKeyRows, events, clock),
                    new ProjectRoutes(json, projects, config.environment() == DeploymentEnvironment.DEVELOPMENT),
                    new HealthRoutes(database, config.redisUrl().isPresent()),
                    new JwksRoutes(() -> keys));

            Javalin app = Javalin.create(javalin -> {
                javalin.jsonMapper(new JavalinJackson(output, false));
                javalin.jetty.host = config.host();
                javalin.jetty.port = config.port();
                pipeline.install(javalin);
                groups.forEach(group -> group.addTo(javalin.routes));
            });
            app.start();

            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bulwark-housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> purge(revocations, sessionRows, clock), 1, 10, TimeUnit.MINUTES);
            log.info("Bulwark {} listening on http://{}:{} ({})", config.environment().label(), config.host(),
                    app.port(), config);
            return new BulwarkServer(config, database, app, housekeeping, pipeline.inFlight());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void purge(DurableRevocationStore revocations, SessionRepository sessions, Clock clock) {
        try {
            revocations.purgeExpired(clock);
            sessions.purgeExpired(clock.instant().minus(Duration.ofDays(1)));
        } catch (RuntimeException e) {
            log.warn("housekeeping failed; will retry: {}", e.toString());
        }
    }

    /** Requests being handled right now. */
    public int activeRequests() {
        return inFlight.active();
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return app.port();
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Refuses new requests, lets in-flight ones finish (up to {@link #SHUTDOWN_GRACE}), then stops the HTTP
     * server and closes the database, so no request is cut off half-way through a write.
     */
    @Override
    public void close() {
        try {
            // Stop accepting connections first; requests on connections already open are still served.
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof AbstractConnector accepting) {
                    accepting.shutdown();
                }
            }
            if (!inFlight.drain(SHUTDOWN_GRACE)) {
                log.warn("shutdown: requests still running after {}; stopping anyway", SHUTDOWN_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        housekeeping.shutdownNow();
        app.stop();
        database.close();
    }
}
