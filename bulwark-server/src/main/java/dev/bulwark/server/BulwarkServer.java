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
import dev.bulwark.ratelimit.MicrosClock;
import dev.bulwark.ratelimit.policy.RateLimitPolicies;
import dev.bulwark.guard.BlockList;
import dev.bulwark.guard.BruteForceGuard;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.server.config.ProtectionConfig;
import dev.bulwark.sync.StateChange;
import dev.bulwark.revocation.InMemoryRevocationStore;
import dev.bulwark.revocation.ReplicatedRevocationStore;
import dev.bulwark.server.admin.AdminRoutes;
import dev.bulwark.sync.ChangeBus;
import dev.bulwark.sync.ChangeFeed;
import dev.bulwark.server.auth.Accounts;
import dev.bulwark.server.auth.ApiKeys;
import dev.bulwark.server.auth.AuthRoutes;
import dev.bulwark.server.auth.JdbcSessionStore;
import dev.bulwark.server.config.DeploymentEnvironment;
import dev.bulwark.server.config.PolicyFiles;
import dev.bulwark.server.config.ServerConfig;
import dev.bulwark.server.health.HealthRoutes;
import dev.bulwark.server.health.JwksRoutes;
import dev.bulwark.server.persistence.ApiKeyRepository;
import dev.bulwark.server.persistence.Database;
import dev.bulwark.server.persistence.ProjectRepository;
import dev.bulwark.server.persistence.AddressBlockRepository;
import dev.bulwark.server.persistence.JdbcChangeLog;
import dev.bulwark.server.persistence.SessionRepository;
import dev.bulwark.server.persistence.TenantRepository;
import dev.bulwark.server.persistence.UserRepository;
import dev.bulwark.server.tenant.KeyRoutes;
import dev.bulwark.server.tenant.ProjectRoutes;
import dev.bulwark.server.tenant.UserRoutes;
import dev.bulwark.validation.HostResolver;
import dev.bulwark.validation.WebhookUrls;
import dev.bulwark.session.RefreshTokens;
import dev.bulwark.session.SessionService;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.ReloadingKeyRing;
import dev.bulwark.token.VerifiedTokenCache;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final ChangeFeed feed;
    private final SharedStateBackend shared;

    private BulwarkServer(ServerConfig config, Database database, Javalin app, ScheduledExecutorService housekeeping,
                          InFlightRequests inFlight, ChangeFeed feed, SharedStateBackend shared) {
        this.feed = feed;
        this.shared = shared;
        this.config = config;
        this.database = database;
        this.app = app;
        this.housekeeping = housekeeping;
        this.inFlight = inFlight;
    }

    /** Builds every part from the configuration and starts listening. */
    public static BulwarkServer start(ServerConfig config) {
        return start(config, MicrosClock.system());
    }

    /**
     * As {@link #start(ServerConfig)}, with the clock the in-process rate limiters read (tests skew it; with
     * Redis, decisions use Redis's clock and this one only matters while Redis is away).
     */
    public static BulwarkServer start(ServerConfig config, MicrosClock limiterClock) {
        return start(config, limiterClock, HostResolver.system());
    }

    /** As {@link #start(ServerConfig, MicrosClock)}, with the resolver webhook hosts are checked through. */
    public static BulwarkServer start(ServerConfig config, MicrosClock limiterClock, HostResolver webhookHosts) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        ObjectMapper output = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();

        KeyRing loadedKeys = config.environment() == DeploymentEnvironment.DEVELOPMENT && !config.keysDirExplicit()
                ? KeyDirectory.loadOrGenerate(config.keysDir(), config.jwtAlgorithm(), clock)
                : KeyDirectory.load(config.keysDir());
        // `bulwark keys rotate` / `keys prune` reach the running server through this supplier, without a restart.
        ReloadingKeyRing keys = new ReloadingKeyRing(config.keysDir(), loadedKeys, clock, ReloadingKeyRing.DEFAULT_INTERVAL);

        Database database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        SharedStateBackend shared;
        try {
            shared = config.redisUrl()
                    .map(url -> SharedStateBackend.redis(url, config.redisCommandTimeout(), config.refreshTtl(),
                            limiterClock, clock))
                    .orElseGet(() -> SharedStateBackend.inProcess(limiterClock));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        ChangeFeed feed = null;
        try {
            TenantRepository tenants = new TenantRepository(database.jdbi());
            UserRepository users = new UserRepository(database.jdbi());
            ApiKeyRepository apiKeyRows = new ApiKeyRepository(database.jdbi());
            ProjectRepository projects = new ProjectRepository(database.jdbi());
            SessionRepository sessionRows = new SessionRepository(database.jdbi());
            AddressBlockRepository blockRows = new AddressBlockRepository(database.jdbi());

            // Shared state: every revocation and admin block is appended to the change log in the database
            // (the durable source), applied here at once, and reaches the other instances through the bus or,
            // at worst, their next poll of the log. Reads are in memory.
            JdbcChangeLog changeLog = new JdbcChangeLog(database.jdbi(), clock);
            ChangeBus bus = shared.bus();
            InMemoryRevocationStore localRevocations = new InMemoryRevocationStore(clock, config.clockSkew());
            ReplicatedRevocationStore revocations = new ReplicatedRevocationStore(changeLog, bus, localRevocations);
            BlockList blockList = new BlockList(clock);
            feed = ChangeFeed.builder(changeLog).bus(bus).build();
            feed.addListener(revocations::apply);
            feed.addListener(blockList::apply);
            ProtectionConfig protection = config.protection();
            // The DDoS guard counts in the shared store (Redis when configured) and keeps its blocks in memory,
            // told of other instances' blocks on the bus; an operator's unblock reaches it through the change log.
            DdosGuard guard = new DdosGuard(protection.ddos(),
                    shared.guardLimiters(protection.ddos().maxTrackedAddresses()), shared.autoBlocks(), clock);
            feed.addListener(change -> {
                if (change.kind() == StateChange.Kind.ADDRESS_UNBLOCKED) {
                    guard.unblock(change.subject());
                }
            });
            feed.start();
            shared.keepHotCopy(() -> changeLog.live(clock.instant()));

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
            BruteForceGuard bruteForce = new BruteForceGuard(protection.bruteForce(), shared.failureCounters(clock),
                    clock);
            ClientAddressResolver addresses = new ClientAddressResolver(config.trustedProxies(),
                    protection.ipv6Prefix());
            SecurityPipeline pipeline = new SecurityPipeline(new SecurityPipeline.Settings(
                    addresses, blockList, guard, protection.ddosAllowlist(), config.maxBodyBytes(),
                    config.corsOrigins(), verifier,
                    apiKeys,
                    PUBLIC_PATHS, policies, shared.limiters(),
                    config.enforcement(), new ProblemResponses(output), events));

            List<RouteGroup> groups = List.of(
                    new AuthRoutes(json, accounts, sessions, tenants, users, events, bruteForce, config.enforcement()),
                    new UserRoutes(json, users, hasher),
                    new KeyRoutes(json, apiKeys, apiKeyRows, events, clock),
                    new ProjectRoutes(json, projects, new WebhookUrls(webhookHosts,
                            config.environment() == DeploymentEnvironment.DEVELOPMENT)),
                    new AdminRoutes(config.adminTokenHash(), json, verifier, revocations, blockRows, blockList,
                            guard, addresses, changeLog, bus, events, clock),
                    new HealthRoutes(database, shared::health),
                    new JwksRoutes(keys));

            Javalin app = Javalin.create(javalin -> {
                javalin.jsonMapper(new JavalinJackson(output, false));
                javalin.jetty.host = config.host();
                javalin.jetty.port = config.port();
                pipeline.install(javalin);
                groups.forEach(group -> group.addTo(javalin.routes));
            });
            app.start();
            // A client that stops sending (a slow body, a half-open connection) is cut off after this long.
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof AbstractConnector timed) {
                    timed.setIdleTimeout(protection.idleTimeout().toMillis());
                }
            }

            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bulwark-housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> purge(localRevocations, blockList, changeLog, blockRows,
                    sessionRows, clock), 1, 10, TimeUnit.MINUTES);
            log.info("Bulwark {} listening on http://{}:{} ({})", config.environment().label(), config.host(),
                    app.port(), config);
            return new BulwarkServer(config, database, app, housekeeping, pipeline.inFlight(), feed, shared);
        } catch (RuntimeException e) {
            // Stop what was started, in reverse order, so a failed start leaves no thread polling a closed pool.
            if (feed != null) {
                feed.close();
            }
            shared.close();
            database.close();
            throw e;
        }
    }

    private static void purge(InMemoryRevocationStore revocations, BlockList blocks, JdbcChangeLog changes,
                              AddressBlockRepository blockRows, SessionRepository sessions, Clock clock) {
        try {
            Instant now = clock.instant();
            revocations.purgeExpired();
            blocks.purgeExpired();
            // Keep log rows a while past their end: the verifier accepts a token for the clock skew after exp.
            changes.purgeBefore(now.minus(Duration.ofMinutes(5)));
            blockRows.purgeExpired(now);
            sessions.purgeExpired(now.minus(Duration.ofDays(1)));
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
        feed.close();
        shared.close();
        database.close();
    }
}
