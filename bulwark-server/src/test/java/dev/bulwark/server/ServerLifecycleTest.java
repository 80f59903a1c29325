package dev.bulwark.server;

import static dev.bulwark.server.Fixtures.PASSWORD;
import static dev.bulwark.server.HttpJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, keys, health, JWKS, the command line and a graceful stop — each on a real server. */
class ServerLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void developmentKeysAreGeneratedPrivatelyAndSharedByASecondInstance() throws IOException {
        try (TestServer first = TestServer.start(dataDir)) {
            Path keys = dataDir.resolve("keys");
            List<Path> files;
            try (Stream<Path> list = Files.list(keys)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".jwk.json")).toList();
            }
            assertThat(files).hasSize(1);
            assertThat(Files.getPosixFilePermissions(files.get(0))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(keys)).doesNotContain(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

            Fixtures.Account a = Fixtures.registerAndLogin(first.client(), "shared-keys");
            try (TestServer second = TestServer.start(dataDir)) {
                assertThat(second.port()).isNotEqualTo(first.port());
                assertThat(second.client().get("/auth/me", a.access()).status())
                        .as("a token from the first instance verifies on the second").isEqualTo(200);
            }
            try (Stream<Path> list = Files.list(keys)) {
                assertThat(list.filter(p -> p.getFileName().toString().endsWith(".jwk.json")).count()).isEqualTo(1);
            }
        }
    }

    @Test
    void healthAndJwks() {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            HttpJson.Response health = http.get("/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.text("status")).isEqualTo("UP");
            assertThat(health.json().at("/components/database/status").asText()).isEqualTo("UP");
            assertThat(health.json().at("/components/redis/status").asText()).isEqualTo("DISABLED");

            HttpJson.Response jwks = http.get("/.well-known/jwks.json", null);
            assertThat(jwks.status()).isEqualTo(200);
            JsonNode key = jwks.json().get("keys").get(0);
            assertThat(key.get("kty").asText()).isEqualTo("OKP");
            assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
            assertThat(key.get("alg").asText()).isEqualTo("EdDSA");
            assertThat(key.get("use").asText()).isEqualTo("sig");
            assertThat(key.hasNonNull("kid")).isTrue();
            assertThat(key.has("d")).as("never the private part").isFalse();
        }
    }

    @Test
    void inFlightRequestsFinishDuringAGracefulStop() throws Exception {
        TestServer server = TestServer.start(dataDir, Map.of("BULWARK_ENFORCEMENT", "off"));
        HttpJson http = server.client();
        Fixtures.registerAndLogin(http, "graceful");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<HttpJson.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Each login spends an Argon2 verification, so these are still running when the stop begins.
            calls.add(pool.submit(() -> http.post("/auth/login",
                    json("email", "owner@graceful.example.com", "password", PASSWORD, "tenant", "graceful"), null)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.activeRequests() < calls.size() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(server.activeRequests()).as("all logins are being handled when the stop begins")
                .isEqualTo(calls.size());
        server.close();
        int completed = 0;
        for (Future<HttpJson.Response> call : calls) {
            try {
                HttpJson.Response r = call.get(20, TimeUnit.SECONDS);
                assertThat(r.status()).as("every request that was running when the stop began completes")
                        .isEqualTo(200);
                completed++;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("a request was cut off by the shutdown", e.getCause());
            }
        }
        assertThat(completed).isEqualTo(calls.size());
        pool.shutdownNow();
    }

    @Test
    void failedAndAbandonedRequestsDoNotStayCountedAsInFlight() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            HttpJson http = server.client();
            http.post("/api/projects", json("name", "x".repeat(70 * 1024)), "not-a-token");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        + "application/json\r\nContent-Length: 100\r\n\r\n{\"a\"").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            } // the client goes away mid-body
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (server.activeRequests() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.activeRequests()).as("a stop would otherwise wait for requests that are gone")
                    .isZero();
        }
    }

    @Test
    void sigtermStopsCleanlyWithExitCode0() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.bulwark.server.cli.BulwarkCommand", "serve",
                "--port", "0").directory(dataDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BULWARK_") || k.equals("USE_NEW_SECURITY"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        StringBuilder output = new StringBuilder();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains("listening on")) {
                    break;
                }
            }
            assertThat(output.toString()).as("the server started").contains("listening on");
            // SIGTERM, as a process manager sends it (Process.destroy would also close our end of the pipes).
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString()).contains("stopped").doesNotContain("Exception");
    }

    @Test
    void badConfigurationExitsWithCode2AndSaysWhatToSet() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.bulwark.server.cli.BulwarkCommand", "serve")
                .directory(dataDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BULWARK_") || k.equals("USE_NEW_SECURITY"));
        pb.environment().put("BULWARK_ENV", "production");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("BULWARK_KEYS_DIR", "BULWARK_DATABASE_URL", "BULWARK_REDIS_URL")
                .doesNotContain("Exception");

        Process unknown = new ProcessBuilder(pb.command().get(0), "-cp", System.getProperty("java.class.path"),
                "dev.bulwark.server.cli.BulwarkCommand", "serve", "--port", "not-a-port").redirectErrorStream(true)
                .start();
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);

        Process badHost = new ProcessBuilder(pb.command().get(0), "-cp", System.getProperty("java.class.path"),
                "dev.bulwark.server.cli.BulwarkCommand", "serve", "--port", "0", "--host", "999.1.1.1")
                .directory(dataDir.toFile()).redirectErrorStream(true).start();
        assertThat(badHost.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String badHostOutput = new String(badHost.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(badHost.exitValue()).isEqualTo(2);
        assertThat(badHostOutput).contains("999.1.1.1").doesNotContain("Port already in use", "Exception");
    }
}
