package dev.bulwark.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.EnforcementMode;
import dev.bulwark.token.SigningAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path dir;

    private static ServerConfig load(Map<String, String> env) {
        return ServerConfigLoader.load(EnvironmentSource.of(env));
    }

    @Test
    void defaultsAreTheContractsDefaults() {
        ServerConfig c = load(Map.of());
        assertThat(c.environment()).isEqualTo(DeploymentEnvironment.DEVELOPMENT);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.databaseUrl()).startsWith("jdbc:h2:file:").contains("/data/bulwark");
        assertThat(c.keysDir().toString()).endsWith("data/keys");
        assertThat(c.jwtAlgorithm()).isEqualTo(SigningAlgorithm.EdDSA);
        assertThat(c.issuer()).isEqualTo("bulwark");
        assertThat(c.audience()).isEqualTo("bulwark-api");
        assertThat(c.accessTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.refreshTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.enforcement()).isEqualTo(EnforcementMode.ENFORCE);
        assertThat(c.redisUrl()).isEmpty();
        assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void productionRefusesToStartWithoutKeysDatabaseAndRedis() {
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "production")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_KEYS_DIR").contains("keys init"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_DATABASE_URL=jdbc:postgresql"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_REDIS_URL")));
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "staging", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:h2:mem:x", "BULWARK_REDIS_URL", "redis://r:6379")))
                .hasMessageContaining("H2");
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "production", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:postgresql://db/x", "BULWARK_REDIS_URL", "redis://r:6379",
                "BULWARK_ENFORCEMENT", "off")))
                .hasMessageContaining("BULWARK_ENFORCEMENT=off");
        ServerConfig ok = load(Map.of("BULWARK_ENV", "production", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:postgresql://db/x?sslmode=verify-full", "BULWARK_DATABASE_PASSWORD", "pw",
                "BULWARK_REDIS_URL", "rediss://:s3cret@r:6380"));
        assertThat(ok.environment().isStrict()).isTrue();
        // Plaintext is fine to loopback (a local server or a TLS sidecar); the password is not optional.
        assertThat(load(Map.of("BULWARK_ENV", "staging", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:postgresql://127.0.0.1/x?user=u&password=p",
                "BULWARK_REDIS_URL", "redis://:pw@127.0.0.1:6379")).environment().isStrict()).isTrue();
    }

    @Test
    void strictEnvironmentsRefuseWeakRedisAndDatabaseSettings() {
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "production", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:postgresql://db.internal/x?user=postgres",
                "BULWARK_REDIS_URL", "redis://cache.internal:6379")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("password in BULWARK_REDIS_URL"))
                        .anySatisfy(p -> assertThat(p).contains("database password"))
                        .anySatisfy(p -> assertThat(p).contains("sslmode")));
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "staging", "BULWARK_KEYS_DIR", "/k",
                "BULWARK_DATABASE_URL", "jdbc:postgresql://db/x?sslmode=require&password=p",
                "BULWARK_REDIS_URL", "redis://:pw@cache.internal:6379")))
                .hasMessageContaining("rediss://")
                .hasMessageNotContaining(":pw@");
    }

    @Test
    void everyBadValueIsReportedAtOnceWithAFix() {
        assertThatThrownBy(() -> load(Map.of("BULWARK_ENV", "prodd", "BULWARK_PORT", "http",
                "BULWARK_CLOCK_SKEW", "5m", "BULWARK_ACCESS_TTL", "10x", "BULWARK_JWT_ALG", "HS256",
                "BULWARK_TRUSTED_PROXIES", "0.0.0.0/0", "BULWARK_CORS_ORIGINS", "*",
                "BULWARK_ENFORCEMENT", "maybe", "BULWARK_REDIS_URL", "http://x", "BULWARK_ADMIN_TOKEN_HASH", "abc")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(10)
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_ENV").contains("production"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_PORT"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_CLOCK_SKEW must be at most 2m"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_ACCESS_TTL"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_JWT_ALG"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_TRUSTED_PROXIES"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_CORS_ORIGINS"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_ENFORCEMENT"))
                        .anySatisfy(p -> assertThat(p).contains("BULWARK_REDIS_URL"))
                        .anySatisfy(p -> assertThat(p).contains("sha256sum")));
    }

    @Test
    void refreshMustOutliveAccess() {
        assertThatThrownBy(() -> load(Map.of("BULWARK_ACCESS_TTL", "2h", "BULWARK_REFRESH_TTL", "1h")))
                .hasMessageContaining("BULWARK_REFRESH_TTL must be longer");
    }

    @Test
    void legacySwitchMapsToModes() {
        assertThat(load(Map.of("USE_NEW_SECURITY", "true")).enforcement()).isEqualTo(EnforcementMode.ENFORCE);
        assertThat(load(Map.of("USE_NEW_SECURITY", "false")).enforcement()).isEqualTo(EnforcementMode.OFF);
        assertThat(load(Map.of("USE_NEW_SECURITY", "false", "BULWARK_ENFORCEMENT", "off")).enforcement())
                .isEqualTo(EnforcementMode.OFF);
        assertThatThrownBy(() -> load(Map.of("USE_NEW_SECURITY", "false", "BULWARK_ENFORCEMENT", "enforce")))
                .hasMessageContaining("contradicts");
        assertThatThrownBy(() -> load(Map.of("USE_NEW_SECURITY", "true", "BULWARK_ENFORCEMENT", "off")))
                .hasMessageContaining("set only one");
        assertThatThrownBy(() -> load(Map.of("USE_NEW_SECURITY", "yes"))).hasMessageContaining("true or false");
    }

    @Test
    void dotenvFilesAreReadAndTheRealEnvironmentWins() throws Exception {
        Files.writeString(dir.resolve(".env"), """
                # comment
                BULWARK_PORT=9000
                export BULWARK_ISSUER="issuer-from-dotenv"
                BULWARK_AUDIENCE='aud' # trailing comment is part of a quoted value only
                BULWARK_ENV=staging
                """);
        Files.writeString(dir.resolve(".env.staging"), "BULWARK_PORT=9100\nBULWARK_ACCESS_TTL=5m # short\n");
        EnvironmentSource source = EnvironmentSource.load(dir, Map.of("BULWARK_ISSUER", "real-env"));
        assertThat(source.get("BULWARK_PORT")).contains("9100");
        assertThat(source.get("BULWARK_ISSUER")).contains("real-env");
        assertThat(source.get("BULWARK_AUDIENCE")).contains("aud");
        assertThat(source.get("BULWARK_ACCESS_TTL")).contains("5m");
        Files.writeString(dir.resolve(".env"), "NOT A SETTING\n");
        assertThatThrownBy(() -> EnvironmentSource.load(dir, Map.of())).hasMessageContaining("line 1");
    }

    @Test
    void passwordsNeverAppearInTheConfigsText() {
        ServerConfig c = load(Map.of("BULWARK_DATABASE_URL", "jdbc:postgresql://db/x?user=u&password=hunter2",
                "BULWARK_REDIS_URL", "redis://default:s3cret@cache:6379", "BULWARK_DATABASE_PASSWORD", "pw2"));
        assertThat(c.toString()).doesNotContain("hunter2", "s3cret", "pw2");
        assertThat(ServerConfigLoader.redactUrl("redis://user:pa55@h:1")).isEqualTo("redis://user:***@h:1");
    }
}
