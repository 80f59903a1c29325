package dev.bulwark.server.config;

import dev.bulwark.core.Durations;
import dev.bulwark.guard.BruteForceGuard;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.http.Cidr;
import dev.bulwark.http.ClientAddressResolver;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.http.EnforcementMode;
import dev.bulwark.server.persistence.Database;
import dev.bulwark.token.SigningAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and checks every {@code BULWARK_*} setting of CONTRACT.md. All problems are collected and reported
 * together, each with what to set, so an operator fixes a bad deployment in one round instead of one per start.
 */
public final class ServerConfigLoader {

    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    private final EnvironmentSource source;
    private final List<String> problems = new ArrayList<>();

    private ServerConfigLoader(EnvironmentSource source) {
        this.source = source;
    }

    public static ServerConfig load(EnvironmentSource source) {
        return new ServerConfigLoader(source).build();
    }

    private ServerConfig build() {
        DeploymentEnvironment env = parse("BULWARK_ENV", "development", DeploymentEnvironment::parse);
        String host = parse("BULWARK_HOST", "127.0.0.1", ServerConfigLoader::checkHost);
        int port = parse("BULWARK_PORT", "8080", ServerConfigLoader::port);
        Path dataDir = Path.of(source.get("BULWARK_DATA_DIR").orElse("./data")).toAbsolutePath().normalize();

        Optional<String> databaseUrl = source.get("BULWARK_DATABASE_URL");
        String jdbcUrl = databaseUrl.orElse(Database.h2FileUrl(dataDir));
        if (databaseUrl.isPresent() && !jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
            problems.add("BULWARK_DATABASE_URL must be a jdbc:postgresql://host:5432/db URL (or jdbc:h2: for tests)");
        }
        Optional<String> redisUrl = source.get("BULWARK_REDIS_URL");
        redisUrl.ifPresent(this::checkRedisUrl);
        Duration redisTimeout = parse("BULWARK_REDIS_TIMEOUT", "100ms", Durations::parse);
        if (redisTimeout != null && (redisTimeout.toMillis() < 5 || redisTimeout.toMillis() > 5000)) {
            problems.add("BULWARK_REDIS_TIMEOUT must be between 5ms and 5s (the default is 100ms): it bounds how "
                    + "long a request waits on a Redis that does not answer");
        }

        Optional<String> keysDirSetting = source.get("BULWARK_KEYS_DIR");
        Path keysDir = keysDirSetting.map(Path::of).orElse(dataDir.resolve("keys")).toAbsolutePath().normalize();
        SigningAlgorithm alg = parse("BULWARK_JWT_ALG", "EdDSA", SigningAlgorithm::parse);
        String issuer = source.get("BULWARK_ISSUER").orElse("bulwark");
        String audience = source.get("BULWARK_AUDIENCE").orElse("bulwark-api");
        Duration accessTtl = parse("BULWARK_ACCESS_TTL", "15m", Durations::parse);
        Duration refreshTtl = parse("BULWARK_REFRESH_TTL", "14d", Durations::parse);
        Duration skew = parse("BULWARK_CLOCK_SKEW", "30s", Durations::parse);
        checkDurations(accessTtl, refreshTtl, skew);

        EnforcementMode mode = enforcement();
        Optional<Path> policies = source.get("BULWARK_POLICIES").map(p -> Path.of(p).toAbsolutePath().normalize());
        policies.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                problems.add("BULWARK_POLICIES=" + p + " cannot be read: point it at a YAML policy file");
            }
        });
        List<Cidr> proxies = parse("BULWARK_TRUSTED_PROXIES", "", ServerConfigLoader::cidrs);
        if (proxies.stream().anyMatch(Cidr::matchesEverything)) {
            problems.add("BULWARK_TRUSTED_PROXIES must not trust every address (/0): any client could then choose "
                    + "its own address; list the CIDRs of your load balancers");
        }
        List<String> cors = parse("BULWARK_CORS_ORIGINS", "", ServerConfigLoader::origins);
        ProtectionConfig protection = protection();
        Optional<String> adminHash = source.get("BULWARK_ADMIN_TOKEN_HASH").map(h -> h.toLowerCase(Locale.ROOT));
        adminHash.ifPresent(h -> {
            if (!h.matches("[0-9a-f]{64}")) {
                problems.add("BULWARK_ADMIN_TOKEN_HASH must be the SHA-256 of the operator token in hex (64 chars); "
                        + "make one with: printf %s \"$TOKEN\" | sha256sum");
            }
        });

        if (env.isStrict()) {
            String where = "BULWARK_ENV=" + env.label() + " requires ";
            if (keysDirSetting.isEmpty()) {
                problems.add(where + "BULWARK_KEYS_DIR: the directory of the signing keys (create them with "
                        + "'./bulwark keys init --env " + env.label() + "'); keys are never generated outside "
                        + "development");
            }
            if (databaseUrl.isEmpty() || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                problems.add(where + "BULWARK_DATABASE_URL=jdbc:postgresql://host:5432/db (the embedded H2 "
                        + "database is for development only)");
            }
            if (redisUrl.isEmpty()) {
                problems.add(where + "BULWARK_REDIS_URL so that revocations and limits are shared by every instance");
            }
            redisUrl.ifPresent(url -> checkStrictRedis(where, url));
            if (databaseUrl.isPresent() && jdbcUrl.startsWith("jdbc:postgresql:")) {
                checkStrictDatabase(where, jdbcUrl, source.get("BULWARK_DATABASE_PASSWORD").isPresent());
            }
            if (mode == EnforcementMode.OFF) {
                problems.add(where + "protections to run: BULWARK_ENFORCEMENT=off is refused (use shadow to roll "
                        + "out)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServerConfig(env, host, port, dataDir, jdbcUrl,
                source.get("BULWARK_DATABASE_USER").orElse(null), source.get("BULWARK_DATABASE_PASSWORD").orElse(null),
                redisUrl, redisTimeout, keysDir, keysDirSetting.isPresent(), alg, issuer, audience, accessTtl, refreshTtl, skew,
                mode, policies, proxies, cors, adminHash, ServerConfig.DEFAULT_MAX_BODY_BYTES, protection);
    }

    private ProtectionConfig protection() {
        ProtectionConfig d = ProtectionConfig.defaults();
        int prefix = parse("BULWARK_IPV6_PREFIX", "64", t -> intIn(t, 1, 128));
        RateLimit shortWindow = parse("BULWARK_DDOS_SHORT", "100/1s", ServerConfigLoader::rate);
        RateLimit longWindow = parse("BULWARK_DDOS_LONG", "3000/1m", ServerConfigLoader::rate);
        List<Duration> blocks = parse("BULWARK_DDOS_BLOCKS", "1m,5m,30m", ServerConfigLoader::durations);
        int tracked = parse("BULWARK_DDOS_MAX_TRACKED", "100000", t -> intIn(t, 1000, 10_000_000));
        List<Cidr> allow = parse("BULWARK_DDOS_ALLOWLIST", "", ServerConfigLoader::cidrs);
        Duration lockout = parse("BULWARK_LOGIN_LOCKOUT", "15m", Durations::parse);
        int accountFree = parse("BULWARK_LOGIN_FREE_FAILURES", "5", t -> intIn(t, 0, 1000));
        int accountLock = parse("BULWARK_LOGIN_LOCKOUT_FAILURES", "10", t -> intIn(t, 1, 1000));
        int addressFree = parse("BULWARK_ADDRESS_FREE_FAILURES", "10", t -> intIn(t, 0, 10_000));
        int addressLock = parse("BULWARK_ADDRESS_LOCKOUT_FAILURES", "30", t -> intIn(t, 1, 10_000));
        Duration idle = parse("BULWARK_IDLE_TIMEOUT", "10s", Durations::parse);
        if (accountLock <= accountFree) {
            problems.add("BULWARK_LOGIN_LOCKOUT_FAILURES must be greater than BULWARK_LOGIN_FREE_FAILURES");
            return d;
        }
        if (addressLock <= addressFree) {
            problems.add("BULWARK_ADDRESS_LOCKOUT_FAILURES must be greater than BULWARK_ADDRESS_FREE_FAILURES");
            return d;
        }
        if (idle != null && (idle.toMillis() < 100 || idle.toMinutes() > 10)) {
            problems.add("BULWARK_IDLE_TIMEOUT must be between 100ms and 10m (the default is 10s)");
            return d;
        }
        if (shortWindow == null || longWindow == null || blocks == null || lockout == null || idle == null
                || !problems.isEmpty()) {
            return d;
        }
        Duration delay = Duration.ofSeconds(1);
        Duration maxDelay = Duration.ofSeconds(30);
        return new ProtectionConfig(prefix,
                new DdosGuard.Settings(shortWindow, longWindow, blocks, Duration.ofHours(24), tracked), allow,
                new BruteForceGuard.Settings(
                        new BruteForceGuard.Rule(accountFree, delay, maxDelay, accountLock, lockout),
                        new BruteForceGuard.Rule(addressFree, delay, maxDelay, addressLock, lockout)),
                idle);
    }

    private static int intIn(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** {@code 100/1s}: a limit per period, as a token bucket of that capacity. */
    private static RateLimit rate(String text) {
        int slash = text.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as 100/1s");
        }
        int limit = intIn(text.substring(0, slash), 1, 100_000_000);
        return DdosGuard.Settings.bucket(limit, Durations.parse(text.substring(slash + 1).trim()));
    }

    private static List<Duration> durations(String text) {
        List<Duration> result = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                Duration d = Durations.parse(part.trim());
                if (d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("block periods must be positive");
                }
                result.add(d);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("give one or more block periods such as 1m,5m,30m");
        }
        return result;
    }

    private EnforcementMode enforcement() {
        Optional<String> explicit = source.get("BULWARK_ENFORCEMENT");
        Optional<String> legacy = source.get("USE_NEW_SECURITY");
        if (explicit.isPresent()) {
            EnforcementMode mode = parse("BULWARK_ENFORCEMENT", "enforce", EnforcementMode::parse);
            // Two switches that disagree (say USE_NEW_SECURITY=false in the environment and
            // BULWARK_ENFORCEMENT=enforce in a .env file) would leave an operator's switch silently ignored.
            boolean legacyOff = legacy.map(v -> v.equalsIgnoreCase("false")).orElse(false);
            boolean legacyOn = legacy.map(v -> v.equalsIgnoreCase("true")).orElse(false);
            if ((legacyOff && mode != EnforcementMode.OFF) || (legacyOn && mode == EnforcementMode.OFF)) {
                problems.add("USE_NEW_SECURITY=" + legacy.get() + " contradicts BULWARK_ENFORCEMENT="
                        + explicit.get() + " (perhaps one of them is in a .env file): set only one of them");
            }
            return mode;
        }
        if (legacy.isEmpty()) {
            return EnforcementMode.ENFORCE;
        }
        return switch (legacy.get().toLowerCase(Locale.ROOT)) {
            case "true" -> EnforcementMode.ENFORCE;
            case "false" -> EnforcementMode.OFF;
            default -> {
                problems.add("USE_NEW_SECURITY='" + legacy.get() + "' must be true or false "
                        + "(or set BULWARK_ENFORCEMENT=enforce|shadow|off instead)");
                yield EnforcementMode.ENFORCE;
            }
        };
    }

    private void checkDurations(Duration accessTtl, Duration refreshTtl, Duration skew) {
        if (accessTtl != null && (accessTtl.compareTo(Duration.ofSeconds(30)) < 0
                || accessTtl.compareTo(Duration.ofHours(24)) > 0)) {
            problems.add("BULWARK_ACCESS_TTL must be between 30s and 24h (the default is 15m)");
        }
        if (refreshTtl != null && accessTtl != null && refreshTtl.compareTo(accessTtl) <= 0) {
            problems.add("BULWARK_REFRESH_TTL must be longer than BULWARK_ACCESS_TTL (the default is 14d)");
        }
        if (refreshTtl != null && refreshTtl.compareTo(Duration.ofDays(90)) > 0) {
            problems.add("BULWARK_REFRESH_TTL must be at most 90d");
        }
        if (skew != null && skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            problems.add("BULWARK_CLOCK_SKEW must be at most 2m (the default is 30s): synchronise the clocks "
                    + "with NTP instead");
        }
    }

    private void checkRedisUrl(String url) {
        for (String node : url.split(",")) {
            String n = node.trim().toLowerCase(Locale.ROOT);
            if (!(n.startsWith("redis://") || n.startsWith("rediss://") || n.startsWith("redis-sentinel://"))) {
                problems.add("BULWARK_REDIS_URL must be redis://, rediss:// or redis-sentinel:// URLs "
                        + "(comma-separated redis:// nodes for a Cluster); got '" + redactUrl(node.trim()) + "'");
                return;
            }
        }
    }

    /**
     * Weak Redis settings a strict environment refuses: no password, or plaintext to another machine. Plaintext to
     * loopback (a local Redis or a TLS sidecar) is accepted: the traffic never leaves the host.
     */
    private void checkStrictRedis(String where, String url) {
        for (String node : url.split(",")) {
            String n = node.trim();
            String scheme = n.substring(0, Math.max(0, n.indexOf("://"))).toLowerCase(Locale.ROOT);
            String afterScheme = n.substring(n.indexOf("://") + 3);
            int at = afterScheme.lastIndexOf('@');
            String authority = afterScheme.substring(at + 1).split("[/?]", 2)[0];
            if (at < 0 || afterScheme.substring(0, at).replace(":", "").isEmpty()) {
                problems.add(where + "a password in BULWARK_REDIS_URL (redis://user:password@host:6379 or "
                        + "redis://:password@host:6379): an unauthenticated Redis would let anyone on the network "
                        + "lift revocations and limits");
                return;
            }
            if (scheme.equals("redis") && !isLoopback(authority)) {
                problems.add(where + "TLS to Redis on another machine: use rediss:// (got plaintext to "
                        + redactUrl(n) + ")");
                return;
            }
        }
    }

    /** Weak PostgreSQL settings a strict environment refuses: no password, or no TLS to another machine. */
    private void checkStrictDatabase(String where, String jdbcUrl, boolean passwordVariable) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!passwordVariable && !lower.contains("password=")) {
            problems.add(where + "a database password (BULWARK_DATABASE_PASSWORD, or password= in the URL)");
        }
        String authority = jdbcUrl.substring("jdbc:postgresql://".length()).split("[/?]", 2)[0];
        boolean tls = lower.contains("sslmode=require") || lower.contains("sslmode=verify-ca")
                || lower.contains("sslmode=verify-full");
        if (!tls && !isLoopback(authority)) {
            problems.add(where + "TLS to PostgreSQL on another machine: add ?sslmode=verify-full (or require) to "
                    + "BULWARK_DATABASE_URL");
        }
    }

    private static boolean isLoopback(String authority) {
        String host = authority.startsWith("[") ? authority.substring(1, Math.max(1, authority.indexOf(']')))
                : authority.contains(":") ? authority.substring(0, authority.lastIndexOf(':')) : authority;
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    private <T> T parse(String name, String fallback, Function<String, T> parser) {
        String raw = source.get(name).orElse(fallback);
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return fallback.isEmpty() ? parser.apply("") : parser.apply(fallback);
        }
    }

    /** A listen address: an IP literal or a host name; anything else is refused with the reason. */
    public static String checkHost(String text) {
        String host = text.trim();
        if (ClientAddressResolver.canonical(host).isPresent()) {
            return host;
        }
        boolean nameLike = !host.isEmpty() && host.length() <= 253 && !host.startsWith("-") && !host.startsWith(".")
                && host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '-' || c == '.');
        if (!nameLike || host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or host name to listen on "
                    + "(e.g. 127.0.0.1, 0.0.0.0 or ::)");
        }
        return host;
    }

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number (1-65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(port + " is not a port number (1-65535, or 0 for any free port)");
        }
        return port;
    }

    private static List<Cidr> cidrs(String text) {
        List<Cidr> result = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                result.add(Cidr.parse(part));
            }
        }
        return result;
    }

    private static List<String> origins(String text) {
        List<String> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*") || !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("'" + origin + "' is not an exact origin such as "
                        + "https://app.example.com (wildcards are not allowed)");
            }
            result.add(origin.toLowerCase(Locale.ROOT));
        }
        return result;
    }

    /** A URL with any password replaced, safe to print. */
    public static String redactUrl(String url) {
        String redacted = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        return redacted.replaceAll("(//[^/@:]*:)[^@/]*@", "$1***@");
    }
}
