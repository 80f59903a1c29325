package dev.bulwark.server.config;

import dev.bulwark.http.Cidr;
import dev.bulwark.http.EnforcementMode;
import dev.bulwark.token.SigningAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole server configuration, validated. Built only by {@link ServerConfigLoader}; everything else gets
 * its settings from here, so there is one place that reads the environment.
 *
 * @param databaseUrl      a JDBC URL; the H2 file under the data directory unless {@code BULWARK_DATABASE_URL}
 * @param keysDirExplicit  whether {@code BULWARK_KEYS_DIR} was set (development may generate keys only when not)
 */
public record ServerConfig(
        DeploymentEnvironment environment,
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Optional<String> redisUrl,
        Duration redisCommandTimeout,
        Path keysDir,
        boolean keysDirExplicit,
        SigningAlgorithm jwtAlgorithm,
        String issuer,
        String audience,
        Duration accessTtl,
        Duration refreshTtl,
        Duration clockSkew,
        EnforcementMode enforcement,
        Optional<Path> policiesFile,
        List<Cidr> trustedProxies,
        List<String> corsOrigins,
        Optional<String> adminTokenHash,
        long maxBodyBytes,
        ProtectionConfig protection) {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ServerConfig {
        trustedProxies = List.copyOf(trustedProxies);
        corsOrigins = List.copyOf(corsOrigins);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(environment, host, newPort, dataDir, databaseUrl, databaseUser, databasePassword,
                redisUrl, redisCommandTimeout, keysDir, keysDirExplicit, jwtAlgorithm, issuer, audience, accessTtl, refreshTtl, clockSkew,
                enforcement, policiesFile, trustedProxies, corsOrigins, adminTokenHash, maxBodyBytes, protection);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(environment, newHost, port, dataDir, databaseUrl, databaseUser, databasePassword,
                redisUrl, redisCommandTimeout, keysDir, keysDirExplicit, jwtAlgorithm, issuer, audience, accessTtl, refreshTtl, clockSkew,
                enforcement, policiesFile, trustedProxies, corsOrigins, adminTokenHash, maxBodyBytes, protection);
    }

    @Override
    public String toString() {
        // The password never reaches a log line, even through a debug print of the config.
        return "ServerConfig[env=" + environment.label() + ", listen=" + host + ":" + port + ", dataDir=" + dataDir
                + ", database=" + ServerConfigLoader.redactUrl(databaseUrl) + ", redis="
                + redisUrl.map(ServerConfigLoader::redactUrl).orElse("(in-process)") + ", keys=" + keysDir
                + ", alg=" + jwtAlgorithm + ", enforcement=" + enforcement + "]";
    }
}
