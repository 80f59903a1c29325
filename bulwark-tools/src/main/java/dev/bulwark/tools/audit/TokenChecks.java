package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.LOW;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import dev.bulwark.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token lifetimes and clock skew. The bounds: an access token lives at most 1h to pass (the server accepts up to
 * 24h, which is flagged), a refresh token at most 30d (90d accepted, flagged), skew at most 60s (2m accepted).
 */
final class TokenChecks {

    static final Check ACCESS_TTL = new Check("BW-TOK-001", "Access token lifetime is short (30s to 1h)", HIGH,
            "V3.3.1", "Set BULWARK_ACCESS_TTL=15m: a stolen access token is usable until it expires");
    static final Check REFRESH_TTL = new Check("BW-TOK-002", "Refresh token lifetime is bounded (at most 30d)",
            MEDIUM, "V3.3.2", "Set BULWARK_REFRESH_TTL=14d, longer than BULWARK_ACCESS_TTL");
    static final Check SKEW = new Check("BW-TOK-003", "Clock skew leeway is small (at most 60s)", MEDIUM, "V3.5.3",
            "Set BULWARK_CLOCK_SKEW=30s and synchronise the clocks with NTP");
    static final Check ISSUER = new Check("BW-TOK-004", "Issuer and audience name this deployment", LOW, "V3.5.3",
            "Set BULWARK_ISSUER / BULWARK_AUDIENCE to names of this environment (e.g. https://api.example.com), so a "
            + "token of another deployment is refused even if keys were ever shared");

    private TokenChecks() {
    }

    static List<Check.Result> run(Deployment d) {
        List<Check.Result> results = new ArrayList<>();
        Deployment.ParsedDuration access = d.duration("BULWARK_ACCESS_TTL", "15m");
        Deployment.ParsedDuration refresh = d.duration("BULWARK_REFRESH_TTL", "14d");
        Deployment.ParsedDuration skew = d.duration("BULWARK_CLOCK_SKEW", "30s");

        results.add(bounded(ACCESS_TTL, "BULWARK_ACCESS_TTL", access, Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofHours(24)));
        Check.Result refreshResult = bounded(REFRESH_TTL, "BULWARK_REFRESH_TTL", refresh, Duration.ofMinutes(1),
                Duration.ofDays(30), Duration.ofDays(90));
        if (refresh.value().isPresent() && access.value().isPresent()
                && refresh.value().get().compareTo(access.value().get()) <= 0) {
            refreshResult = REFRESH_TTL.fail("BULWARK_REFRESH_TTL=" + refresh.raw() + " is not longer than "
                    + "BULWARK_ACCESS_TTL=" + access.raw());
        }
        results.add(refreshResult);
        results.add(bounded(SKEW, "BULWARK_CLOCK_SKEW", skew, Duration.ZERO, Duration.ofSeconds(60),
                Duration.ofMinutes(2)));

        Optional<String> issuer = d.get("BULWARK_ISSUER");
        Optional<String> audience = d.get("BULWARK_AUDIENCE");
        String found = "iss=" + issuer.orElse("bulwark") + ", aud=" + audience.orElse("bulwark-api");
        results.add(d.isDevelopment() || issuer.isPresent() && audience.isPresent()
                ? ISSUER.pass(found) : ISSUER.warn(found + " (the defaults, the same in every deployment)"));
        return results;
    }

    /** Pass within [min, good], warn within (good, max], fail below min, above max or unparseable. */
    private static Check.Result bounded(Check check, String name, Deployment.ParsedDuration parsed, Duration min,
            Duration good, Duration max) {
        if (parsed.value().isEmpty()) {
            return check.fail(name + "='" + parsed.raw() + "' is not a duration (500ms, 30s, 15m, 2h, 14d)");
        }
        Duration v = parsed.value().get();
        String found = name + "=" + Durations.format(v);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            return check.fail(found + " is outside " + Durations.format(min) + ".." + Durations.format(max)
                    + " (the server refuses it)");
        }
        return v.compareTo(good) <= 0 ? check.pass(found)
                : check.warn(found + " is accepted but longer than " + Durations.format(good));
    }
}
