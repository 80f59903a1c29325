package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.CRITICAL;
import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.LOW;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyLoadException;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.SigningAlgorithm;
import dev.bulwark.token.SigningKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The signing keys: where they are, who may read them, whether they load, how strong and how old they are. */
final class KeyChecks {

    static final Check DIR_SET = new Check("BW-KEY-001", "Signing keys have an explicit directory", HIGH, "V6.4.1",
            "Set BULWARK_KEYS_DIR (./bulwark keys init --env {env} writes config/{env}/keys and sets it)");
    static final Check FILES_EXIST = new Check("BW-KEY-002", "Signing key files exist", CRITICAL, "V3.5.3",
            "Create them with: ./bulwark keys init --env {env}");
    static final Check DIR_PERMISSIONS = new Check("BW-KEY-003", "Key directory is private (0700)", HIGH, "V6.4.1",
            "chmod 700 the key directory: whoever can add a file there can mint tokens");
    static final Check FILE_PERMISSIONS = new Check("BW-KEY-004", "Key files are private (0600)", CRITICAL,
            "V6.4.1", "chmod 600 every key file; then rotate, since others could have copied the key");
    static final Check LOADS = new Check("BW-KEY-005", "Key files load as the server loads them", CRITICAL,
            "V6.2.1", "Fix or remove the file named in the detail; the server refuses to start on it");
    static final Check STRENGTH = new Check("BW-KEY-006", "Keys are strong enough (Ed25519, P-256, RSA >= 3072)",
            HIGH, "V6.2.2", "Rotate to an EdDSA key: ./bulwark keys rotate --env {env} --alg EdDSA, then prune");
    static final Check ALGORITHM = new Check("BW-KEY-007", "Signing algorithm is allowed (EdDSA, ES256, RS256)",
            CRITICAL, "V3.5.3", "Set BULWARK_JWT_ALG=EdDSA (never HS*, none)");
    static final Check ACTIVE_MATCHES = new Check("BW-KEY-008", "Active key uses the configured algorithm", LOW,
            "V6.2.4", "Rotate to the configured algorithm: ./bulwark keys rotate --env {env}");
    static final Check AGE = new Check("BW-KEY-009", "Active key is younger than 180 days", LOW, "V6.2.4",
            "Rotate: ./bulwark keys rotate --env {env}; prune the old key a day later");
    static final Check PRUNED = new Check("BW-KEY-010", "Retired keys are pruned", LOW, "V6.4.1",
            "./bulwark keys prune --env {env} (removes keys retired longer than the longest token lifetime)");
    static final Check NOT_SHARED = new Check("BW-KEY-011", "Environments do not share signing keys", HIGH,
            "V6.4.1", "Give each environment its own keys: ./bulwark keys init --env {env} --force, and never copy "
            + "a key directory between environments");

    private static final Duration MAX_AGE = Duration.ofDays(180);
    private static final Duration PRUNE_AFTER = Duration.ofHours(24).plusMinutes(2);

    private KeyChecks() {
    }

    static List<Check.Result> run(Deployment d, Instant now) {
        List<Check.Result> results = new ArrayList<>();
        Path dir = d.keysDir();
        results.add(d.get("BULWARK_KEYS_DIR").isPresent()
                ? DIR_SET.pass("BULWARK_KEYS_DIR=" + d.get("BULWARK_KEYS_DIR").get())
                : DIR_SET.failUnlessDevelopment(d, "BULWARK_KEYS_DIR is not set; the server would "
                        + (d.isDevelopment() ? "generate keys under the data directory" : "refuse to start")));

        results.add(algorithm(d));

        List<Path> files = keyFiles(dir);
        if (files.isEmpty()) {
            results.add(FILES_EXIST.fail(Files.isDirectory(dir) ? "no *.jwk.json or *.pem file in " + dir
                    : "the key directory " + dir + " does not exist"));
            for (Check c : List.of(DIR_PERMISSIONS, FILE_PERMISSIONS, LOADS, STRENGTH, ACTIVE_MATCHES, AGE, PRUNED)) {
                results.add(c.warn("not checked: no key files"));
            }
            results.add(notShared(d));
            return results;
        }
        results.add(FILES_EXIST.pass(files.size() + " key file(s) in " + dir));
        results.add(FilePermissions.openToOthers(dir)
                ? DIR_PERMISSIONS.fail(dir + " is " + FilePermissions.describe(dir))
                : DIR_PERMISSIONS.pass(dir + " is " + FilePermissions.describe(dir)));
        List<String> open = new ArrayList<>();
        for (Path f : files) {
            if (FilePermissions.openToOthers(f)) {
                open.add(f.getFileName() + " (" + FilePermissions.describe(f) + ")");
            }
        }
        results.add(open.isEmpty() ? FILE_PERMISSIONS.pass("every key file is rw-------")
                : FILE_PERMISSIONS.fail("open to group or others: " + String.join(", ", open)));

        KeyRing ring;
        try {
            ring = KeyDirectory.load(dir);
            results.add(LOADS.pass(ring.keys().size() + " key(s) load; active kid " + ring.active().kid()));
        } catch (KeyLoadException e) {
            results.add(LOADS.fail(e.getMessage()));
            for (Check c : List.of(STRENGTH, ACTIVE_MATCHES, AGE, PRUNED)) {
                results.add(c.warn("not checked: the keys do not load"));
            }
            results.add(notShared(d));
            return results;
        }
        results.add(strength(ring));
        SigningAlgorithm configured = configuredAlgorithm(d).orElse(null);
        SigningKey active = ring.active();
        results.add(configured == null || configured == active.algorithm()
                ? ACTIVE_MATCHES.pass("active key " + active.kid() + " is " + active.algorithm())
                : ACTIVE_MATCHES.warn("active key is " + active.algorithm() + ", BULWARK_JWT_ALG says " + configured));
        Duration age = Duration.between(active.createdAt(), now);
        results.add(age.compareTo(MAX_AGE) <= 0
                ? AGE.pass("active key created " + active.createdAt() + " (" + age.toDays() + " days ago)")
                : AGE.warn("active key created " + active.createdAt() + " (" + age.toDays() + " days ago)"));
        List<String> stale = new ArrayList<>();
        List<SigningKey> keys = ring.keys();
        for (int i = 1; i < keys.size(); i++) {
            Instant retired = keys.get(i - 1).createdAt();
            if (now.isAfter(retired.plus(PRUNE_AFTER))) {
                stale.add(keys.get(i).kid());
            }
        }
        results.add(stale.isEmpty() ? PRUNED.pass((keys.size() - 1) + " retiring key(s), none past the longest "
                + "token lifetime") : PRUNED.warn("retired over 24h ago and still trusted: " + String.join(", ", stale)));
        results.add(notShared(d));
        return results;
    }

    private static Optional<SigningAlgorithm> configuredAlgorithm(Deployment d) {
        try {
            return Optional.of(SigningAlgorithm.parse(d.get("BULWARK_JWT_ALG").orElse("EdDSA")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Check.Result algorithm(Deployment d) {
        String raw = d.get("BULWARK_JWT_ALG").orElse("EdDSA");
        return configuredAlgorithm(d).isPresent()
                ? ALGORITHM.pass("BULWARK_JWT_ALG=" + raw)
                : ALGORITHM.fail("BULWARK_JWT_ALG=" + raw + " is not an allowed algorithm"
                        + (raw.toUpperCase(Locale.ROOT).startsWith("HS") ? " (a shared secret: anyone who can verify "
                        + "can also sign)" : ""));
    }

    private static Check.Result strength(KeyRing ring) {
        List<String> weak = new ArrayList<>();
        for (SigningKey key : ring.keys()) {
            JWK jwk = key.publicJwk();
            if (jwk instanceof RSAKey rsa && rsa.size() < 3072) {
                weak.add(key.kid() + " (RSA " + rsa.size() + " bits)");
            } else if (!(jwk instanceof RSAKey || jwk instanceof ECKey || jwk instanceof OctetKeyPair)) {
                weak.add(key.kid() + " (" + jwk.getKeyType() + ")");
            }
        }
        return weak.isEmpty() ? STRENGTH.pass("every key is Ed25519, P-256 or RSA >= 3072")
                : STRENGTH.fail("below 128-bit security: " + String.join(", ", weak));
    }

    /** No kid of this environment appears in another environment's key directory under config/. */
    private static Check.Result notShared(Deployment d) {
        List<String> kids = kids(d.keysDir());
        List<String> shared = new ArrayList<>();
        for (String other : List.of("development", "staging", "production")) {
            if (other.equals(d.env().value())) {
                continue;
            }
            Path otherDir = d.resolve("config/" + other + "/keys");
            if (otherDir.equals(d.keysDir())) {
                shared.add("the same directory as " + other);
                continue;
            }
            for (String kid : kids(otherDir)) {
                if (kids.contains(kid)) {
                    shared.add(kid + " (also in " + other + ")");
                }
            }
        }
        return shared.isEmpty() ? NOT_SHARED.pass("no kid of " + d.env() + " is in another environment's keys")
                : NOT_SHARED.fail("shared: " + String.join(", ", shared));
    }

    private static List<String> kids(Path dir) {
        List<String> kids = new ArrayList<>();
        for (Path f : keyFiles(dir)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".jwk.json")) {
                kids.add(name.substring(0, name.length() - ".jwk.json".length()));
            }
        }
        return kids;
    }

    static List<Path> keyFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && (name.endsWith(".jwk.json") || name.endsWith(".pem"))) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            return files;
        }
        files.sort(null);
        return files;
    }
}
