package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.CRITICAL;
import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.LOW;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Redis: the settings, then a live probe of the first node — a PING without credentials (it must be refused), then
 * AUTH and PING, {@code CONFIG GET} (which managed services often disable: then {@code INFO}) for persistence and
 * the eviction policy, and {@code INFO server} for the version. Every socket operation times out after 1 s.
 */
final class RedisChecks {

    static final Check CONFIGURED = new Check("BW-RED-001", "Redis is configured outside development", HIGH,
            "V3.3.1", "Set BULWARK_REDIS_URL so that revocations, blocks and limits are shared by every instance");
    static final Check URL_VALID = new Check("BW-RED-002", "Redis URL is well formed", HIGH, "V14.1.1",
            "Use redis://, rediss:// or redis-sentinel:// URLs (comma-separated redis:// nodes for a Cluster)");
    static final Check PASSWORD_SET = new Check("BW-RED-003", "Redis URL carries credentials", HIGH, "V2.10.1",
            "Set a password (requirepass or an ACL user) and put it in the URL: rediss://user:PASSWORD@host:6380");
    static final Check PASSWORD_STRONG = new Check("BW-RED-004", "Redis password is strong (>= 16 chars, not common)",
            HIGH, "V2.10.2", "Use a random password of 32 characters: head -c 24 /dev/urandom | base64");
    static final Check TLS = new Check("BW-RED-005", "Redis traffic is encrypted (rediss://) outside development",
            HIGH, "V9.2.2", "Enable TLS on Redis (tls-port) and use rediss:// in BULWARK_REDIS_URL");
    static final Check REACHABLE = new Check("BW-RED-006", "Redis answers PING with the configured credentials",
            HIGH, "V14.1.1", "Start Redis or fix host, port, password and TLS in BULWARK_REDIS_URL");
    static final Check AUTH_REQUIRED = new Check("BW-RED-007", "Redis refuses clients without credentials",
            CRITICAL, "V2.10.1", "Set requirepass (or disable the default ACL user): anyone who reaches the port "
            + "could otherwise delete blocks and reset limits");
    static final Check PERSISTENCE = new Check("BW-RED-008", "Redis persistence is on (appendonly yes)", MEDIUM,
            "V11.1.4", "Set appendonly yes (appendfsync everysec): without it a Redis restart resets every limit "
            + "and automatic block (revocations are rebuilt from the database either way)");
    static final Check EVICTION = new Check("BW-RED-009", "Redis does not evict arbitrary keys under memory pressure",
            MEDIUM, "V11.1.4", "Set maxmemory-policy noeviction (or volatile-ttl): with allkeys-* an attacker who "
            + "fills memory evicts rate-limit counters and blocks");
    static final Check VERSION = new Check("BW-RED-010", "Redis is a supported version (>= 6.2)", LOW, "V14.2.1",
            "Upgrade Redis to 7.x");

    private static final int TIMEOUT_MILLIS = 1000;
    private static final List<String> COMMON = List.of("redis", "password", "changeme", "secret", "foobared",
            "admin", "123456", "bulwark", "default");

    private RedisChecks() {
    }

    static List<Check.Result> run(Deployment d, Consumer<String> progress) {
        List<Check.Result> results = new ArrayList<>();
        List<Check> live = List.of(REACHABLE, AUTH_REQUIRED, PERSISTENCE, EVICTION, VERSION);
        Optional<String> url = d.get("BULWARK_REDIS_URL");
        if (url.isEmpty()) {
            results.add(d.isDevelopment() ? CONFIGURED.pass("not set: in-process state (development)")
                    : CONFIGURED.fail("BULWARK_REDIS_URL is not set"));
            List<Check> rest = new ArrayList<>(List.of(URL_VALID, PASSWORD_SET, PASSWORD_STRONG, TLS));
            rest.addAll(live);
            rest.forEach(c -> results.add(d.isDevelopment() ? c.pass("no Redis configured")
                    : c.warn("not checked: no Redis configured")));
            return results;
        }
        results.add(CONFIGURED.pass("BULWARK_REDIS_URL is set"));
        Optional<RedisTarget> parsed = RedisTarget.parse(url.get());
        if (parsed.isEmpty()) {
            results.add(URL_VALID.fail("BULWARK_REDIS_URL is not a redis://, rediss:// or redis-sentinel:// URL"));
            for (Check c : List.of(PASSWORD_SET, PASSWORD_STRONG, TLS)) {
                results.add(c.warn("not checked: the URL does not parse"));
            }
            live.forEach(c -> results.add(c.warn("not checked: the URL does not parse")));
            return results;
        }
        RedisTarget t = parsed.get();
        results.add(URL_VALID.pass(t.toString()));
        if (t.password().isEmpty()) {
            results.add(PASSWORD_SET.failUnlessDevelopment(d, "no password in BULWARK_REDIS_URL"));
            results.add(PASSWORD_STRONG.warn("not checked: no password"));
        } else {
            results.add(PASSWORD_SET.pass(t.user().map(u -> "user " + u + " and a password").orElse("a password")));
            String p = t.password().get();
            boolean common = COMMON.stream().anyMatch(p::equalsIgnoreCase);
            results.add(p.length() >= 16 && !common ? PASSWORD_STRONG.pass(p.length() + " characters")
                    : PASSWORD_STRONG.failUnlessDevelopment(d, common ? "a well-known password"
                            : "only " + p.length() + " characters"));
        }
        if (t.tls()) {
            results.add(TLS.pass("rediss://"));
        } else if (d.isDevelopment()) {
            results.add(TLS.pass("plaintext, development"));
        } else if (isLoopback(t.host())) {
            results.add(TLS.warn("plaintext, but to a loopback address: the traffic does not leave this host"));
        } else {
            results.add(TLS.fail("plaintext " + t.scheme() + ":// to " + t.host()));
        }
        if (t.sentinel()) {
            live.forEach(c -> results.add(c.warn("not probed: Sentinel URLs are not probed yet")));
            return results;
        }
        progress.accept("probing Redis at " + t.host() + ":" + t.port() + " ...");
        probe(d, t, results);
        return results;
    }

    private static void probe(Deployment d, RedisTarget t, List<Check.Result> results) {
        // Without credentials first: a PONG here means anyone who reaches the port is in.
        Check.Result authRequired;
        try (RespClient anonymous = RespClient.connect(t.host(), t.port(), t.tls(), TIMEOUT_MILLIS)) {
            Object reply = anonymous.call("PING");
            authRequired = reply instanceof RespClient.Error e && e.message().startsWith("NOAUTH")
                    ? AUTH_REQUIRED.pass("an unauthenticated PING is refused (NOAUTH)")
                    : AUTH_REQUIRED.failUnlessDevelopment(d, "an unauthenticated PING was answered");
        } catch (IOException e) {
            String why = describe(e);
            results.add(REACHABLE.fail("cannot connect to " + t.host() + ":" + t.port() + " within 1s: " + why));
            for (Check c : List.of(AUTH_REQUIRED, PERSISTENCE, EVICTION, VERSION)) {
                results.add(c.warn("not checked: Redis is unreachable"));
            }
            return;
        }
        try (RespClient redis = RespClient.connect(t.host(), t.port(), t.tls(), TIMEOUT_MILLIS)) {
            if (t.password().isPresent()) {
                Object auth = t.user().isPresent() ? redis.call("AUTH", t.user().get(), t.password().get())
                        : redis.call("AUTH", t.password().get());
                if (auth instanceof RespClient.Error e && !e.message().contains("without any password configured")) {
                    results.add(REACHABLE.fail("AUTH refused: " + e.message().split(" ")[0]));
                    results.add(authRequired);
                    for (Check c : List.of(PERSISTENCE, EVICTION, VERSION)) {
                        results.add(c.warn("not checked: authentication failed"));
                    }
                    return;
                }
            }
            Object pong = redis.call("PING");
            results.add("PONG".equals(pong) ? REACHABLE.pass("PONG from " + t.host() + ":" + t.port())
                    : REACHABLE.fail("PING answered " + pong));
            results.add(authRequired);
            results.add(persistence(d, redis));
            results.add(eviction(redis));
            results.add(version(redis));
        } catch (IOException e) {
            results.add(REACHABLE.fail("the connection failed: " + describe(e)));
            results.add(authRequired);
            for (Check c : List.of(PERSISTENCE, EVICTION, VERSION)) {
                results.add(c.warn("not checked: the connection failed"));
            }
        }
    }

    private static Check.Result persistence(Deployment d, RespClient redis) throws IOException {
        Optional<String> aof = configValue(redis, "appendonly");
        if (aof.isEmpty()) {
            aof = infoValue(redis, "persistence", "aof_enabled").map(v -> v.equals("1") ? "yes" : "no");
        }
        if (aof.isEmpty()) {
            return PERSISTENCE.warn("unknown: neither CONFIG GET nor INFO persistence is permitted");
        }
        return aof.get().equals("yes") ? PERSISTENCE.pass("appendonly yes")
                : PERSISTENCE.failUnlessDevelopment(d, "appendonly " + aof.get());
    }

    private static Check.Result eviction(RespClient redis) throws IOException {
        Optional<String> policy = configValue(redis, "maxmemory-policy")
                .or(() -> infoValueQuietly(redis, "memory", "maxmemory_policy"));
        if (policy.isEmpty()) {
            return EVICTION.warn("unknown: neither CONFIG GET nor INFO memory is permitted");
        }
        return policy.get().startsWith("allkeys-") ? EVICTION.warn("maxmemory-policy " + policy.get())
                : EVICTION.pass("maxmemory-policy " + policy.get());
    }

    private static Check.Result version(RespClient redis) throws IOException {
        Optional<String> v = infoValue(redis, "server", "redis_version");
        if (v.isEmpty()) {
            return VERSION.warn("unknown: INFO server is not permitted");
        }
        String[] parts = v.get().split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 6 || major == 6 && minor >= 2 ? VERSION.pass("Redis " + v.get())
                : VERSION.warn("Redis " + v.get());
    }

    private static Optional<String> configValue(RespClient redis, String name) throws IOException {
        Object reply = redis.call("CONFIG", "GET", name);
        if (reply instanceof List<?> list && list.size() >= 2 && list.get(1) instanceof String value) {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    private static Optional<String> infoValue(RespClient redis, String section, String field) throws IOException {
        Object reply = redis.call("INFO", section);
        if (reply instanceof String text) {
            for (String line : text.split("\r?\n")) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(line.substring(field.length() + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> infoValueQuietly(RespClient redis, String section, String field) {
        try {
            return infoValue(redis, section, field);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
