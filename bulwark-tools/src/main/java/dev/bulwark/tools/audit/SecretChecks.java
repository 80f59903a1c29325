package dev.bulwark.tools.audit;

import static dev.bulwark.tools.audit.Check.Severity.CRITICAL;
import static dev.bulwark.tools.audit.Check.Severity.HIGH;
import static dev.bulwark.tools.audit.Check.Severity.LOW;
import static dev.bulwark.tools.audit.Check.Severity.MEDIUM;

import dev.bulwark.core.Sha256;
import dev.bulwark.server.config.ConfigException;
import dev.bulwark.server.config.EnvironmentSource;
import dev.bulwark.server.config.ServerConfigLoader;
import dev.bulwark.tools.git.GitWorkTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The environment as a whole, the files that hold secrets, the operator token's hash, and what git tracks. */
final class SecretChecks {

    static final Check ENV_MATCHES = new Check("BW-ENV-001", "BULWARK_ENV in .env.ENV matches the environment",
            HIGH, "V14.1.1", "Set BULWARK_ENV={env} in .env.{env}");
    static final Check ENV_SELECTED = new Check("BW-ENV-002", "A server started here runs as this environment",
            MEDIUM, "V14.1.1", "Start the server with BULWARK_ENV={env} in its environment (the service unit or "
            + "container); the server reads .env.{env} only when BULWARK_ENV says {env}");
    static final Check SERVER_ACCEPTS = new Check("BW-ENV-003", "The server accepts this configuration", HIGH,
            "V14.1.1", "Fix each problem in the detail; the server refuses to start until then");
    static final Check ENV_FILE_PRIVATE = new Check("BW-ENV-004", ".env.ENV is private (0600)", HIGH, "V6.4.1",
            "chmod 600 .env.{env}: it holds the database and Redis passwords");
    static final Check DOTENV_PRIVATE = new Check("BW-ENV-005", "A shared .env is private (0600)", MEDIUM, "V6.4.1",
            "chmod 600 .env, or remove it and keep settings in .env.{env}");
    static final Check ADMIN_HASH_FORMAT = new Check("BW-SEC-001", "Operator token hash is a SHA-256", MEDIUM,
            "V2.10.2", "Set BULWARK_ADMIN_TOKEN_HASH to the hex SHA-256 of a random token (keys init makes one)");
    static final Check ADMIN_HASH_WEAK = new Check("BW-SEC-002", "Operator token is not a weak or default value",
            CRITICAL, "V2.10.2", "Make a random operator token (./bulwark keys init --env {env} --force, or "
            + "head -c 32 /dev/urandom | base64) and set BULWARK_ADMIN_TOKEN_HASH to its SHA-256");
    static final Check ADMIN_HASH_UNIQUE = new Check("BW-SEC-003", "Operator token differs between environments",
            MEDIUM, "V2.10.1", "Give each environment its own operator token");
    static final Check NO_PLAIN_TOKEN = new Check("BW-SEC-004", "No plaintext operator token in the env files", HIGH,
            "V2.10.4", "Remove the token from the file; store only its SHA-256 in BULWARK_ADMIN_TOKEN_HASH");
    static final Check TEMPLATE_CLEAN = new Check("BW-SEC-005", ".env.example holds no secret", HIGH, "V2.10.4",
            "Blank every password and hash in .env.example; it is committed");
    static final Check GIT_ENV = new Check("BW-GIT-001", "No .env file is tracked by git", CRITICAL, "V2.10.4",
            "git rm --cached the file, add '.env.*' and '!.env.example' to .gitignore, and rotate every secret "
            + "it held: the history still has them");
    static final Check GIT_KEYS = new Check("BW-GIT-002", "No key file is tracked by git", CRITICAL, "V2.10.4",
            "git rm --cached the key, add 'config/*/keys/' to .gitignore, then ./bulwark keys rotate --env {env} "
            + "and prune the exposed key");
    static final Check GIT_IGNORED = new Check("BW-GIT-003", ".env.ENV and the key directory are git-ignored",
            HIGH, "V2.10.4", "Add '.env.*', '!.env.example' and 'config/*/keys/' to .gitignore");

    /** Values people put in when asked for a token; the operator hash must not be the hash of one of them. */
    private static final List<String> WEAK = List.of("", "admin", "administrator", "changeme", "change-me",
            "password", "passw0rd", "secret", "token", "operator", "bulwark", "test", "default", "root", "letmein",
            "123456", "12345678", "qwerty", "admin123", "password123", "changeit", "example", "none", "null");

    private SecretChecks() {
    }

    static List<Check.Result> run(Deployment d) {
        List<Check.Result> results = new ArrayList<>();
        environment(d, results);
        adminToken(d, results);
        git(d, results);
        return results;
    }

    private static void environment(Deployment d, List<Check.Result> results) {
        Optional<String> inFile = d.inEnvFile("BULWARK_ENV");
        if (!d.envFileExists()) {
            results.add(ENV_MATCHES.warn(d.env().envFile() + " does not exist; settings come only from the "
                    + "environment and .env"));
        } else if (inFile.isEmpty()) {
            results.add(ENV_MATCHES.warn(d.env().envFile() + " does not set BULWARK_ENV"));
        } else if (!inFile.get().equalsIgnoreCase(d.env().value())) {
            results.add(ENV_MATCHES.fail(d.env().envFile() + " says BULWARK_ENV=" + inFile.get()));
        } else {
            results.add(ENV_MATCHES.pass(d.env().envFile() + " says BULWARK_ENV=" + inFile.get()));
        }

        Optional<String> selected = d.inProcessEnvironment("BULWARK_ENV")
                .or(() -> Optional.ofNullable(EnvironmentSource.readDotenv(d.resolve(".env")).get("BULWARK_ENV")));
        String effective = selected.map(String::trim).orElse("development");
        results.add(effective.equalsIgnoreCase(d.env().value())
                ? ENV_SELECTED.pass("BULWARK_ENV=" + effective + " " + (d.inProcessEnvironment("BULWARK_ENV")
                        .isPresent() ? "in the environment" : selected.isPresent() ? "in .env" : "(the default)"))
                : ENV_SELECTED.warn("started here now, the server would run as " + effective
                        + " and not read " + d.env().envFile()));

        Map<String, String> env = new HashMap<>(Map.of("BULWARK_ENV", d.env().value()));
        try {
            ServerConfigLoader.load(withEnv(d, env));
            results.add(SERVER_ACCEPTS.pass("ServerConfigLoader accepts the settings"));
        } catch (ConfigException e) {
            results.add(SERVER_ACCEPTS.fail(e.problems().size() + " problem(s): " + String.join("; ", e.problems())));
        } catch (RuntimeException e) {
            results.add(SERVER_ACCEPTS.fail(e.getMessage()));
        }

        Path envFile = d.envFile();
        if (!Files.exists(envFile)) {
            results.add(ENV_FILE_PRIVATE.pass("no " + d.env().envFile()));
        } else {
            results.add(FilePermissions.openToOthers(envFile)
                    ? ENV_FILE_PRIVATE.fail(d.env().envFile() + " is " + FilePermissions.describe(envFile))
                    : ENV_FILE_PRIVATE.pass(d.env().envFile() + " is " + FilePermissions.describe(envFile)));
        }
        Path dotenv = d.resolve(".env");
        if (!Files.exists(dotenv)) {
            results.add(DOTENV_PRIVATE.pass("no .env"));
        } else {
            results.add(FilePermissions.openToOthers(dotenv)
                    ? DOTENV_PRIVATE.fail(".env is " + FilePermissions.describe(dotenv))
                    : DOTENV_PRIVATE.pass(".env is " + FilePermissions.describe(dotenv)));
        }
    }

    private static EnvironmentSource withEnv(Deployment d, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(d.processEnvironmentView());
        all.putAll(overrides);
        return EnvironmentSource.load(d.workingDir(), all);
    }

    private static void adminToken(Deployment d, List<Check.Result> results) {
        Optional<String> hash = d.get("BULWARK_ADMIN_TOKEN_HASH").map(h -> h.toLowerCase(Locale.ROOT));
        if (hash.isEmpty()) {
            results.add(ADMIN_HASH_FORMAT.pass("not set: every /admin request is refused"));
            results.add(ADMIN_HASH_WEAK.pass("not set"));
            results.add(ADMIN_HASH_UNIQUE.pass("not set"));
        } else if (!hash.get().matches("[0-9a-f]{64}")) {
            results.add(ADMIN_HASH_FORMAT.fail("BULWARK_ADMIN_TOKEN_HASH is not 64 hex digits (is the token "
                    + "itself configured instead of its hash?)"));
            results.add(ADMIN_HASH_WEAK.warn("not checked: not a hash"));
            results.add(ADMIN_HASH_UNIQUE.warn("not checked: not a hash"));
        } else {
            results.add(ADMIN_HASH_FORMAT.pass("a SHA-256 in hex"));
            Optional<String> weak = WEAK.stream().filter(w -> Sha256.hex(w).equals(hash.get())).findFirst();
            results.add(weak.isPresent()
                    ? ADMIN_HASH_WEAK.fail("the hash is that of a well-known value"
                            + (weak.get().isEmpty() ? " (the empty string)" : ""))
                    : ADMIN_HASH_WEAK.pass("not the hash of any of " + WEAK.size() + " well-known values"));
            List<String> same = new ArrayList<>();
            for (String other : List.of("development", "staging", "production")) {
                if (!other.equals(d.env().value()) && hash.get().equalsIgnoreCase(
                        EnvironmentSource.readDotenv(d.resolve(".env." + other)).getOrDefault(
                                "BULWARK_ADMIN_TOKEN_HASH", "").trim())) {
                    same.add(other);
                }
            }
            results.add(same.isEmpty() ? ADMIN_HASH_UNIQUE.pass("no other .env.* file has the same hash")
                    : ADMIN_HASH_UNIQUE.warn("the same operator token as " + String.join(", ", same)));
        }

        List<String> plain = new ArrayList<>();
        for (String name : List.of(".env", d.env().envFile())) {
            Path f = d.resolve(name);
            try {
                if (Files.isRegularFile(f) && Files.readString(f).matches("(?s).*\\bbwop_[A-Za-z0-9_-]{20,}.*")) {
                    plain.add(name);
                }
            } catch (IOException e) {
                // unreadable: other checks report it
            }
        }
        results.add(plain.isEmpty() ? NO_PLAIN_TOKEN.pass("no bwop_ token in .env or " + d.env().envFile())
                : NO_PLAIN_TOKEN.fail("an operator token in " + String.join(", ", plain)));

        Path example = d.resolve(".env.example");
        if (!Files.isRegularFile(example)) {
            results.add(TEMPLATE_CLEAN.pass("no .env.example here"));
        } else {
            List<String> filled = new ArrayList<>();
            EnvironmentSource.readDotenv(example).forEach((k, v) -> {
                boolean secretName = k.contains("PASSWORD") || k.contains("SECRET") || k.contains("TOKEN");
                boolean urlWithPassword = k.endsWith("_URL") && v.matches(".*//[^/@]*:[^/@]+@.*|.*password=[^&]+.*");
                if (!v.isBlank() && (secretName || urlWithPassword)) {
                    filled.add(k);
                }
            });
            results.add(filled.isEmpty() ? TEMPLATE_CLEAN.pass("no secret-like value in .env.example")
                    : TEMPLATE_CLEAN.fail("values set for " + String.join(", ", filled)));
        }
    }

    private static void git(Deployment d, List<Check.Result> results) {
        GitWorkTree git = new GitWorkTree(d.workingDir());
        if (!git.isWorkTree()) {
            results.add(GIT_ENV.pass("not a git work tree"));
            results.add(GIT_KEYS.pass("not a git work tree"));
            results.add(GIT_IGNORED.pass("not a git work tree"));
            return;
        }
        List<String> tracked = git.trackedFiles();
        List<String> envFiles = tracked.stream().filter(f -> {
            String name = Path.of(f).getFileName().toString();
            return (name.equals(".env") || name.startsWith(".env.")) && !name.equals(".env.example");
        }).toList();
        results.add(envFiles.isEmpty() ? GIT_ENV.pass("git tracks no .env file")
                : GIT_ENV.fail("tracked: " + String.join(", ", envFiles)));
        List<String> keyFiles = tracked.stream().filter(f -> f.endsWith(".jwk.json") || f.endsWith(".pem")
                || f.endsWith(".key") || f.contains("/keys/")).toList();
        results.add(keyFiles.isEmpty() ? GIT_KEYS.pass("git tracks no key file")
                : GIT_KEYS.fail("tracked: " + String.join(", ", keyFiles)));
        String keysProbe = d.workingDir().relativize(d.keysDir().toAbsolutePath()) + "/key.jwk.json";
        List<String> exposed = git.notIgnored(List.of(d.env().envFile(), keysProbe));
        results.add(exposed.isEmpty() ? GIT_IGNORED.pass(d.env().envFile() + " and the key directory are ignored")
                : GIT_IGNORED.fail("not ignored: " + String.join(", ", exposed)));
    }
}
