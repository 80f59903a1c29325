package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.CRITICAL;
import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The database settings, read from {@code BULWARK_DATABASE_URL} (its {@code user}, {@code password} and
 * {@code sslmode} parameters) and {@code BULWARK_DATABASE_USER} / {@code _PASSWORD}, which win as they do for the
 * server's connection pool. No connection is made: credentials are judged as configured.
 */
final class DatabaseChecks {

    static final Check POSTGRES = new Check("BW-DB-001", "PostgreSQL is used outside development", HIGH, "V14.1.1",
            "Set BULWARK_DATABASE_URL=jdbc:postgresql://host:5432/db (the embedded H2 is for development only)");
    static final Check DEFAULT_CREDENTIALS = new Check("BW-DB-002", "Database is not on default credentials",
            CRITICAL, "V2.10.2", "Create a dedicated role with a random password (CREATE ROLE bulwark LOGIN "
            + "PASSWORD '...') and set BULWARK_DATABASE_USER / BULWARK_DATABASE_PASSWORD");
    static final Check PASSWORD_STRONG = new Check("BW-DB-003", "Database password is strong (>= 16 chars)", HIGH,
            "V2.10.2", "Use a random password of 32 characters");
    static final Check LEAST_PRIVILEGE = new Check("BW-DB-004", "Database role is not the superuser", MEDIUM,
            "V1.2.1", "Connect as a role that owns only the Bulwark schema, not as postgres");
    static final Check TLS = new Check("BW-DB-005", "Database connection uses TLS outside development", HIGH,
            "V9.2.2", "Add sslmode=verify-full (with sslrootcert) to BULWARK_DATABASE_URL");
    static final Check TLS_VERIFIED = new Check("BW-DB-006", "Database TLS verifies the server's name", MEDIUM,
            "V9.2.1", "Use sslmode=verify-full: require and verify-ca do not check that the certificate names the host");

    private static final List<String> COMMON = List.of("postgres", "password", "changeme", "secret", "admin",
            "root", "bulwark", "123456");

    private DatabaseChecks() {
    }

    static List<Check.Result> run(Deployment d) {
        List<Check.Result> results = new ArrayList<>();
        Optional<String> url = d.get("BULWARK_DATABASE_URL");
        if (url.isEmpty() || !url.get().startsWith("jdbc:postgresql:")) {
            String found = url.isEmpty() ? "BULWARK_DATABASE_URL not set: embedded H2" : "not a jdbc:postgresql: URL";
            results.add(d.isDevelopment() ? POSTGRES.pass(found + " (development)") : POSTGRES.fail(found));
            for (Check c : List.of(DEFAULT_CREDENTIALS, PASSWORD_STRONG, LEAST_PRIVILEGE, TLS, TLS_VERIFIED)) {
                results.add(d.isDevelopment() ? c.pass("embedded database") : c.warn("not checked: no PostgreSQL URL"));
            }
            return results;
        }
        results.add(POSTGRES.pass("PostgreSQL"));
        Map<String, String> params = parameters(url.get());
        Optional<String> user = d.get("BULWARK_DATABASE_USER").or(() -> Optional.ofNullable(params.get("user")));
        Optional<String> password = d.get("BULWARK_DATABASE_PASSWORD")
                .or(() -> Optional.ofNullable(params.get("password")).filter(p -> !p.isEmpty()));
        String who = user.map(u -> "user " + u).orElse("no user (the driver uses the OS user name)");

        boolean superuser = user.map(u -> u.equals("postgres")).orElse(false);
        if (superuser && password.isEmpty()) {
            results.add(DEFAULT_CREDENTIALS.failUnlessDevelopment(d, who + " with no password"));
        } else if (password.map(p -> p.equalsIgnoreCase("postgres") || p.equalsIgnoreCase(user.orElse("")))
                .orElse(false)) {
            results.add(DEFAULT_CREDENTIALS.failUnlessDevelopment(d, who + " with a default password"));
        } else if (password.isEmpty()) {
            results.add(DEFAULT_CREDENTIALS.failUnlessDevelopment(d, who + " with no password (trust or peer "
                    + "authentication)"));
        } else {
            results.add(DEFAULT_CREDENTIALS.pass(who + " with a password"));
        }
        if (password.isEmpty()) {
            results.add(PASSWORD_STRONG.warn("not checked: no password"));
        } else {
            String p = password.get();
            boolean common = COMMON.stream().anyMatch(p::equalsIgnoreCase);
            results.add(p.length() >= 16 && !common ? PASSWORD_STRONG.pass(p.length() + " characters")
                    : PASSWORD_STRONG.failUnlessDevelopment(d, common ? "a well-known password"
                            : "only " + p.length() + " characters"));
        }
        results.add(superuser ? LEAST_PRIVILEGE.failUnlessDevelopment(d, "connects as postgres")
                : LEAST_PRIVILEGE.pass(who));

        String sslmode = Optional.ofNullable(params.get("sslmode")).orElse(
                "true".equalsIgnoreCase(params.get("ssl")) ? "verify-full" : "prefer");
        boolean encrypted = List.of("require", "verify-ca", "verify-full").contains(sslmode);
        String found = "sslmode=" + sslmode + (params.containsKey("sslmode") ? "" : " (the driver's default)");
        results.add(encrypted || d.isDevelopment() ? TLS.pass(found) : TLS.fail(found + ": not required to be "
                + "encrypted"));
        results.add(sslmode.equals("verify-full") || d.isDevelopment() ? TLS_VERIFIED.pass(found)
                : TLS_VERIFIED.warn(found));
        return results;
    }

    static Map<String, String> parameters(String url) {
        Map<String, String> params = new HashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return params;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
