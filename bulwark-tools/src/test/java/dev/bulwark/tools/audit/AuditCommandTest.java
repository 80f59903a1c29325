package dev.bulwark.tools.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Sha256;
import dev.bulwark.testkit.RedisServerProcess;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.SigningAlgorithm;
import dev.bulwark.tools.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void aWeakProductionConfigurationFailsWithTheExpectedChecks() throws Exception {
        git("init", "-q");
        Path keys = dir.resolve("config/production/keys");
        KeyDirectory.generateInto(keys, SigningAlgorithm.EdDSA, Clock.systemUTC());
        try (var files = Files.list(keys)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jwk.json")).toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path envFile = dir.resolve(".env.production");
        Files.writeString(envFile, String.join("\n",
                "BULWARK_ENV=staging",
                "BULWARK_HOST=0.0.0.0",
                "BULWARK_KEYS_DIR=config/production/keys",
                "BULWARK_JWT_ALG=HS256",
                "BULWARK_ACCESS_TTL=48h",
                "BULWARK_CLOCK_SKEW=10m",
                "BULWARK_REDIS_URL=redis://10.255.255.1:6390",
                "BULWARK_DATABASE_URL=jdbc:postgresql://db.example.com:5432/app?user=postgres&password=postgres",
                "BULWARK_TRUSTED_PROXIES=0.0.0.0/0",
                "BULWARK_CORS_ORIGINS=*",
                "BULWARK_ENFORCEMENT=shadow",
                "BULWARK_ADMIN_TOKEN_HASH=" + Sha256.hex("admin"),
                ""));
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-r--r--"));
        git("add", "-f", ".env.production");

        CliHarness.Result r = CliHarness.run(dir, Map.of(), "audit", "--env", "production", "--json", "report.json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);

        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        Map<String, String> status = statuses(report);
        Set<String> failed = new HashSet<>();
        status.forEach((id, s) -> {
            if (s.equals("fail")) {
                failed.add(id);
            }
        });
        assertThat(failed).contains(
                "BW-ENV-001", // the file says staging
                "BW-ENV-003", // the server would refuse it
                "BW-ENV-004", // .env.production is 0644
                "BW-GIT-001", // and tracked by git
                "BW-GIT-003",
                "BW-KEY-004", "BW-KEY-005", // a 0644 key, which the server refuses to load
                "BW-KEY-007", // HS256
                "BW-TOK-001", "BW-TOK-003",
                "BW-RED-003", "BW-RED-005", "BW-RED-006", // no password, plaintext, unreachable
                "BW-DB-002", "BW-DB-004", "BW-DB-005", // postgres/postgres, superuser, no TLS
                "BW-NET-001", "BW-CORS-001", "BW-HTTP-001", "BW-SEC-002");
        assertThat(status.get("BW-HTTP-003")).isEqualTo("warn");
        assertThat(report.at("/summary/fail").asInt()).isEqualTo(failed.size());

        String everything = r.out() + Files.readString(dir.resolve("report.json"));
        assertThat(everything).as("no secret value in the report").doesNotContain("password=postgres");
        assertThat(r.out()).contains("FAIL  BW-KEY-007").doesNotContain("\u001b[");
    }

    @Test
    void aHardenedProductionConfigurationPasses() throws Exception {
        String redisPassword = "r3dis-" + Sha256.hex("redis").substring(0, 26);
        try (RedisServerProcess redis = RedisServerProcess.start(
                RedisServerProcess.Options.defaults().withPassword(redisPassword).withAppendOnly())) {
            CliHarness.Result init = CliHarness.run(dir, Map.of(), "keys", "init", "--env", "production");
            assertThat(init.exitCode()).as(init.err()).isZero();
            Files.writeString(dir.resolve(".env.production"), String.join("\n",
                    "",
                    "BULWARK_DATABASE_URL=jdbc:postgresql://db.internal:5432/bulwark?sslmode=verify-full",
                    "BULWARK_DATABASE_USER=bulwark_app",
                    "BULWARK_DATABASE_PASSWORD=" + Sha256.hex("db").substring(0, 32),
                    "BULWARK_REDIS_URL=" + redis.url(),
                    "BULWARK_ISSUER=https://api.example.com",
                    "BULWARK_AUDIENCE=https://api.example.com",
                    "BULWARK_TRUSTED_PROXIES=10.0.1.0/28",
                    "BULWARK_CORS_ORIGINS=https://app.example.com",
                    ""), StandardOpenOption.APPEND);

            Map<String, String> env = new HashMap<>(Map.of("BULWARK_ENV", "production"));
            CliHarness.Result r = CliHarness.run(dir, env, "audit", "--env", "production", "--json", "out/audit.json");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out/audit.json").toFile());
            Map<String, String> status = statuses(report);
            assertThat(status).hasSizeGreaterThanOrEqualTo(40).doesNotContainValue("fail");
            for (String id : List.of("BW-RED-006", "BW-RED-007", "BW-RED-008", "BW-RED-010", "BW-KEY-004",
                    "BW-KEY-006", "BW-ENV-002", "BW-ENV-003", "BW-DB-002", "BW-DB-005")) {
                assertThat(status.get(id)).as(id).isEqualTo("pass");
            }
            assertThat(status.get("BW-RED-005")).as("plaintext, but loopback").isEqualTo("warn");
            assertThat(r.out()).doesNotContain(redisPassword);
            assertThat(Files.readString(dir.resolve("out/audit.json"))).doesNotContain(redisPassword);
        }
    }

    @Test
    void everyCheckHasAUniqueIdAnAsvsRequirementAndAFix() throws Exception {
        CliHarness.Result r = CliHarness.run(dir, Map.of(), "audit", "--env", "development", "--json", "a.json");
        assertThat(r.exitCode()).isIn(0, 1);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("a.json").toFile());
        List<String> ids = new ArrayList<>();
        for (JsonNode c : report.get("checks")) {
            ids.add(c.get("id").asText());
            assertThat(c.get("asvs").asText()).matches("V\\d+\\.\\d+\\.\\d+");
            assertThat(c.get("fix").asText()).isNotBlank();
            assertThat(c.get("title").asText()).isNotBlank();
            assertThat(c.get("severity").asText()).isIn("critical", "high", "medium", "low");
            assertThat(c.get("status").asText()).isIn("pass", "fail", "warn");
            assertThat(c.has("detail")).isTrue();
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        assertThat(report.get("env").asText()).isEqualTo("development");
        assertThat(report.at("/summary/pass").asInt() + report.at("/summary/fail").asInt()
                + report.at("/summary/warn").asInt()).isEqualTo(ids.size());
    }

    @Test
    void couldNotRunExitsWith2() throws Exception {
        Files.writeString(dir.resolve(".env.staging"), "this is not a dotenv line\n");
        assertThat(CliHarness.run(dir, Map.of(), "audit", "--env", "staging").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(dir, Map.of(), "audit", "--env", "nope").exitCode()).isEqualTo(2);
    }

    private static Map<String, String> statuses(JsonNode report) {
        Map<String, String> status = new HashMap<>();
        for (JsonNode c : report.get("checks")) {
            status.put(c.get("id").asText(), c.get("status").asText());
        }
        return status;
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
