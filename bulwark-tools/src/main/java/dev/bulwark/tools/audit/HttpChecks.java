package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.CRITICAL;
import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.LOW;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import dev.bulwark.http.Cidr;
import dev.bulwark.server.config.PolicyFiles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The HTTP edge: forwarded-header trust, CORS, enforcement mode, the listen address, the rate-limit policies. */
final class HttpChecks {

    static final Check PROXIES_NOT_ALL = new Check("BW-NET-001", "Trusted proxies do not include every address",
            CRITICAL, "V11.1.4", "List only your load balancers' CIDRs in BULWARK_TRUSTED_PROXIES (never 0.0.0.0/0 "
            + "or ::/0): otherwise any client sets its own address in X-Forwarded-For and escapes limits and blocks");
    static final Check PROXIES_NARROW = new Check("BW-NET-002", "Trusted proxies are private and narrow", MEDIUM,
            "V11.1.4", "Use the private addresses of the load balancers (e.g. 10.0.1.0/28); a public or very wide "
            + "range lets outsiders spoof client addresses");
    static final Check CORS_WILDCARD = new Check("BW-CORS-001", "CORS allows no wildcard or null origin", HIGH,
            "V14.5.3", "Set BULWARK_CORS_ORIGINS to exact origins, e.g. https://app.example.com");
    static final Check CORS_HTTPS = new Check("BW-CORS-002", "CORS origins use https outside development", MEDIUM,
            "V9.1.1", "Use https:// origins only; an http:// origin can be impersonated on the network");
    static final Check CORS_LOCAL = new Check("BW-CORS-003", "No localhost CORS origin in production", MEDIUM,
            "V14.5.3", "Remove http://localhost... origins from production: any local web page could call the API");
    static final Check ENFORCE = new Check("BW-HTTP-001", "Protections are enforced (BULWARK_ENFORCEMENT=enforce)",
            HIGH, "V11.1.4", "Set BULWARK_ENFORCEMENT=enforce (shadow decides and logs but lets every request through)");
    static final Check LEGACY_FLAG = new Check("BW-HTTP-002", "No legacy USE_NEW_SECURITY flag", LOW, "V14.1.1",
            "Remove USE_NEW_SECURITY and set BULWARK_ENFORCEMENT instead (one setting, one meaning)");
    static final Check METRICS = new Check("BW-HTTP-003", "/metrics and /health are not on a public listener", MEDIUM,
            "V14.3.3", "Bind BULWARK_HOST to 127.0.0.1 or a private address behind the reverse proxy; a separate "
            + "metrics listener is not configurable yet");
    static final Check PORT = new Check("BW-HTTP-004", "Listen port is valid", LOW, "V14.1.1",
            "Set BULWARK_PORT to 1-65535 (8080 by default)");
    static final Check POLICIES = new Check("BW-POL-001", "Rate-limit policy file loads", HIGH, "V11.1.4",
            "Fix the YAML file BULWARK_POLICIES names (CONTRACT.md, \"Rate-limit policy file\"), or unset it for "
            + "the built-in defaults");
    static final Check POLICIES_PRIVATE = new Check("BW-POL-002", "Rate-limit policy file is not writable by others",
            MEDIUM, "V11.1.4", "chmod 644 (or 600) the policy file: whoever can write it can lift every limit");

    private HttpChecks() {
    }

    static List<Check.Result> run(Deployment d) {
        List<Check.Result> results = new ArrayList<>();
        proxies(d, results);
        cors(d, results);
        enforcement(d, results);
        listener(d, results);
        policies(d, results);
        return results;
    }

    private static void proxies(Deployment d, List<Check.Result> results) {
        String raw = d.get("BULWARK_TRUSTED_PROXIES").orElse("");
        List<Cidr> cidrs = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                cidrs.add(Cidr.parse(part.trim()));
            } catch (IllegalArgumentException e) {
                unparsable.add(part.trim());
            }
        }
        if (cidrs.isEmpty() && unparsable.isEmpty()) {
            results.add(PROXIES_NOT_ALL.pass("no trusted proxies: the TCP peer is the client address"));
            results.add(PROXIES_NARROW.pass("no trusted proxies"));
            return;
        }
        List<String> everything = cidrs.stream().filter(Cidr::matchesEverything).map(Cidr::toString).toList();
        if (!everything.isEmpty()) {
            results.add(PROXIES_NOT_ALL.fail("BULWARK_TRUSTED_PROXIES contains " + String.join(", ", everything)));
        } else if (!unparsable.isEmpty()) {
            results.add(PROXIES_NOT_ALL.fail("not CIDRs: " + String.join(", ", unparsable)));
        } else {
            results.add(PROXIES_NOT_ALL.pass(cidrs.size() + " CIDR(s), none matching everything"));
        }
        List<String> wide = new ArrayList<>();
        for (Cidr c : cidrs) {
            boolean v4 = c.network().length == 4;
            if (c.matchesEverything() || c.prefixLength() < (v4 ? 8 : 32) || !isPrivate(c)) {
                wide.add(c.toString());
            }
        }
        results.add(wide.isEmpty() ? PROXIES_NARROW.pass("every trusted CIDR is private, loopback or link-local")
                : PROXIES_NARROW.warn("public or wide: " + String.join(", ", wide)));
    }

    private static boolean isPrivate(Cidr c) {
        try {
            InetAddress a = InetAddress.getByAddress(c.network());
            byte[] b = c.network();
            boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || uniqueLocalV6
                    || b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10, carrier NAT
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void cors(Deployment d, List<Check.Result> results) {
        List<String> origins = new ArrayList<>();
        for (String part : d.get("BULWARK_CORS_ORIGINS").orElse("").split(",")) {
            if (!part.isBlank()) {
                origins.add(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        List<String> wild = origins.stream().filter(o -> o.contains("*") || o.equals("null")).toList();
        results.add(wild.isEmpty() ? CORS_WILDCARD.pass(origins.isEmpty() ? "no cross-origin access allowed"
                : origins.size() + " exact origin(s)") : CORS_WILDCARD.fail("BULWARK_CORS_ORIGINS has "
                + String.join(", ", wild)));
        List<String> plain = origins.stream().filter(o -> o.startsWith("http://")).toList();
        results.add(plain.isEmpty() || d.isDevelopment() ? CORS_HTTPS.pass(plain.isEmpty() ? "no http:// origin"
                : "http:// origins in development") : CORS_HTTPS.fail("plain http origins: " + String.join(", ", plain)));
        List<String> local = origins.stream().filter(o -> o.matches("https?://(localhost|127\\.[0-9.]+|\\[::1\\])(:[0-9]+)?"))
                .toList();
        results.add(local.isEmpty() || !d.isProduction() ? CORS_LOCAL.pass(local.isEmpty() ? "no localhost origin"
                : "localhost origins outside production") : CORS_LOCAL.fail("localhost origins: "
                + String.join(", ", local)));
    }

    private static void enforcement(Deployment d, List<Check.Result> results) {
        Optional<String> explicit = d.get("BULWARK_ENFORCEMENT").map(v -> v.toLowerCase(Locale.ROOT));
        Optional<String> legacy = d.get("USE_NEW_SECURITY").map(v -> v.toLowerCase(Locale.ROOT));
        String mode = explicit.orElse(legacy.map(v -> v.equals("false") ? "off" : v.equals("true") ? "enforce" : "?")
                .orElse("enforce"));
        String found = "effective mode: " + mode + explicit.map(v -> " (BULWARK_ENFORCEMENT)").orElse(
                legacy.isPresent() ? " (from USE_NEW_SECURITY)" : " (the default)");
        if (mode.equals("enforce")) {
            results.add(ENFORCE.pass(found));
        } else if (mode.equals("shadow") && !d.isProduction()) {
            results.add(ENFORCE.warn(found + ": nothing is rejected"));
        } else if (d.isDevelopment() && mode.equals("off")) {
            results.add(ENFORCE.warn(found + " (development)"));
        } else {
            results.add(ENFORCE.fail(found + (mode.equals("?") || !List.of("shadow", "off").contains(mode)
                    ? ": not a known mode" : ": requests are not rejected")));
        }
        if (legacy.isEmpty()) {
            results.add(LEGACY_FLAG.pass("USE_NEW_SECURITY is not set"));
        } else if (explicit.isPresent()) {
            results.add(LEGACY_FLAG.warn("both set; BULWARK_ENFORCEMENT wins and USE_NEW_SECURITY is ignored"));
        } else {
            results.add(LEGACY_FLAG.warn("USE_NEW_SECURITY=" + legacy.get() + " is read as " + mode));
        }
    }

    private static void listener(Deployment d, List<Check.Result> results) {
        String host = d.get("BULWARK_HOST").orElse("127.0.0.1");
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
        boolean local;
        try {
            InetAddress a = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            local = !wildcard && (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress());
        } catch (UnknownHostException e) {
            local = false;
        }
        String found = "BULWARK_HOST=" + host;
        if (local) {
            results.add(METRICS.pass(found + " (not a public interface)"));
        } else if (d.isProduction()) {
            results.add(METRICS.warn(found + ": /health and, once added, /metrics answer on every interface the "
                    + "API does; a separate metrics listener is not configurable yet"));
        } else {
            results.add(METRICS.pass(found + " (public, acceptable outside production)"));
        }
        String port = d.get("BULWARK_PORT").orElse("8080");
        results.add(port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535
                ? PORT.pass("BULWARK_PORT=" + port) : PORT.fail("BULWARK_PORT='" + port + "' is not a port"));
    }

    private static void policies(Deployment d, List<Check.Result> results) {
        Optional<String> setting = d.get("BULWARK_POLICIES");
        if (setting.isEmpty()) {
            results.add(POLICIES.pass("built-in default policies"));
            results.add(POLICIES_PRIVATE.pass("no policy file"));
            return;
        }
        Path file = d.resolve(setting.get());
        if (!Files.isReadable(file)) {
            results.add(POLICIES.fail(file + " cannot be read"));
            results.add(POLICIES_PRIVATE.warn("not checked: no file"));
            return;
        }
        try {
            PolicyFiles.read(file);
            results.add(POLICIES.pass(file + " loads"));
        } catch (RuntimeException e) {
            results.add(POLICIES.fail(file + ": " + e.getMessage()));
        }
        results.add(FilePermissions.writableByOthers(file)
                ? POLICIES_PRIVATE.fail(file + " is " + FilePermissions.describe(file))
                : POLICIES_PRIVATE.pass(file + " is " + FilePermissions.describe(file)));
    }
}
