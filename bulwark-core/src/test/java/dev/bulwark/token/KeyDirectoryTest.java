package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.AUDIENCE;
import static dev.bulwark.token.TestKeys.ISSUER;
import static dev.bulwark.token.TestKeys.SKEW;
import static dev.bulwark.token.TestKeys.T0;
import static dev.bulwark.token.TestKeys.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

    @TempDir
    Path tmp;

    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> keyFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jwk.json")).toList();
        }
    }

    @Test
    void loadOrGenerateCreatesOnePrivateKeyFileWithTightPermissionsThenReusesIt() throws Exception {
        Path dir = tmp.resolve("data/keys");

        KeyRing first = KeyDirectory.loadOrGenerate(dir, SigningAlgorithm.EdDSA, clock);
        KeyRing second = KeyDirectory.loadOrGenerate(dir, SigningAlgorithm.ES256, clock);

        assertThat(first.keys()).hasSize(1);
        assertThat(second.active().kid()).isEqualTo(first.active().kid());
        assertThat(second.active().algorithm()).isEqualTo(SigningAlgorithm.EdDSA);
        assertThat(perms(dir)).isEqualTo("rwx------");
        List<Path> files = keyFiles(dir);
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getFileName().toString()).isEqualTo(first.active().kid() + ".jwk.json");
        assertThat(perms(file)).isEqualTo("rw-------");
        assertThat(perms(dir.resolve(".lock"))).isEqualTo("rw-------");

        Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file));
        assertThat(json).containsKeys("kty", "crv", "x", "d", "kid", "alg", "use");
        assertThat(json.get("created")).isEqualTo(T0.toString());
        assertThat(second.active().createdAt()).isEqualTo(T0);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void loadedKeysSignTokensThatVerify() throws Exception {
        KeyDirectory.generateInto(tmp, SigningAlgorithm.ES256, clock);
        KeyRing ring = KeyDirectory.load(tmp);
        String token = new AccessTokenIssuer(ring, ISSUER, AUDIENCE, TTL, clock).issue("u", "t", "member", null, "s").token();
        AccessTokenVerifier verifier = new AccessTokenVerifier(KeyDirectory.load(tmp), ISSUER, AUDIENCE, SKEW, clock,
                c -> false, VerifiedTokenCache.disabled());
        assertThat(verifier.verify(token).subject()).isEqualTo("u");
    }

    @Test
    void generateIntoAddsANewerKeyThatBecomesActive() {
        SigningKey old = KeyDirectory.generateInto(tmp, SigningAlgorithm.EdDSA, clock);
        clock.advance(Duration.ofDays(30));
        SigningKey newer = KeyDirectory.generateInto(tmp, SigningAlgorithm.RS256, clock);

        KeyRing ring = KeyDirectory.load(tmp);

        assertThat(ring.keys()).hasSize(2);
        assertThat(ring.active().kid()).isEqualTo(newer.kid());
        assertThat(ring.byKid(old.kid())).isPresent();
        assertThat(ring.active().algorithm()).isEqualTo(SigningAlgorithm.RS256);
    }

    @Test
    void refusesGroupOrWorldReadableKeyFilesSayingHowToFixIt() throws Exception {
        KeyDirectory.generateInto(tmp, SigningAlgorithm.EdDSA, clock);
        Path file = keyFiles(tmp).get(0);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyDirectory.load(tmp))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageContaining("chmod 600 " + file.toAbsolutePath());
        assertThatThrownBy(() -> KeyDirectory.loadOrGenerate(tmp, SigningAlgorithm.EdDSA, clock))
                .isInstanceOf(KeyLoadException.class);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyDirectory.load(tmp).keys()).hasSize(1);
    }

    @Test
    void refusesADirectoryOthersMayWrite() throws Exception {
        KeyDirectory.generateInto(tmp, SigningAlgorithm.EdDSA, clock);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("chmod 700 " + tmp.toAbsolutePath());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> KeyDirectory.loadOrGenerate(open, SigningAlgorithm.EdDSA, clock))
                .hasMessageContaining("chmod 700");
        assertThatThrownBy(() -> KeyDirectory.generateInto(open, SigningAlgorithm.EdDSA, clock))
                .hasMessageContaining("chmod 700");
        assertThat(keyFiles(open)).as("no key is written into a directory others can write").isEmpty();
    }

    @Test
    void loadFailsClearlyWhenThereIsNoKey() throws Exception {
        assertThatThrownBy(() -> KeyDirectory.load(tmp.resolve("missing")))
                .isInstanceOf(KeyLoadException.class).hasMessageContaining("does not exist");
        Files.writeString(tmp.resolve("README.txt"), "not a key");
        assertThatThrownBy(() -> KeyDirectory.load(tmp))
                .isInstanceOf(KeyLoadException.class).hasMessageContaining("No signing key");
    }

    @Test
    void unparsableOrPublicOnlyKeyFilesAreRefusedWithoutEchoingThem() throws Exception {
        Path garbage = write(tmp.resolve("broken.jwk.json"), "{\"kty\":\"OKP\",\"d\":\"SECRETSECRET\"");
        assertThatThrownBy(() -> KeyDirectory.load(tmp))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageContaining(garbage.toString())
                .message().doesNotContain("SECRETSECRET");
        Files.delete(garbage);

        write(tmp.resolve("public.jwk.json"), TestKeys.key(SigningAlgorithm.EdDSA).publicJwk().toJSONString());
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("no private part");
        Files.delete(tmp.resolve("public.jwk.json"));

        Map<String, Object> json = TestKeys.key(SigningAlgorithm.EdDSA).jwk().toJSONObject();
        json.put("created", "yesterday");
        write(tmp.resolve("a.jwk.json"), JSONObjectUtils.toJSONString(json));
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("ISO-8601");
    }

    @Test
    void twoFilesWithTheSameKidAreRefused() throws Exception {
        String jwk = TestKeys.key(SigningAlgorithm.EdDSA).jwk().toJSONString();
        write(tmp.resolve("one.jwk.json"), jwk);
        write(tmp.resolve("two.jwk.json"), jwk);
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).isInstanceOf(KeyLoadException.class).hasMessageContaining("kid");
    }

    @Test
    void keyFileWithoutCreatedUsesItsModificationTime() throws Exception {
        Path file = write(tmp.resolve("k.jwk.json"), TestKeys.key(SigningAlgorithm.EdDSA).jwk().toJSONString());
        Files.setLastModifiedTime(file, FileTime.from(T0.minusSeconds(99)));
        assertThat(KeyDirectory.load(tmp).active().createdAt()).isEqualTo(T0.minusSeconds(99));
    }

    @Test
    void leftoverTemporaryAndLockFilesAreIgnored() throws Exception {
        KeyDirectory.generateInto(tmp, SigningAlgorithm.EdDSA, clock);
        write(tmp.resolve(".12345.tmp"), "{");
        write(tmp.resolve(".hidden.jwk.json"), "{");
        assertThat(KeyDirectory.load(tmp).keys()).hasSize(1);
    }

    @Test
    void concurrentThreadsOnAnEmptyDirectoryEndWithOneKey() throws Exception {
        Path dir = tmp.resolve("keys");
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> kids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                kids.add(pool.submit(() -> {
                    start.await();
                    return KeyDirectory.loadOrGenerate(dir, SigningAlgorithm.EdDSA, clock).active().kid();
                }));
            }
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> kid : kids) {
                distinct.add(kid.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(keyFiles(dir)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentProcessesOnAnEmptyDirectoryEndWithOneKey() throws Exception {
        Path dir = tmp.resolve("shared-keys");
        Path go = tmp.resolve("go");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "-cp", classpath, KeyDirectoryContender.class.getName(),
                    dir.toString(), go.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        Thread.sleep(1500); // let every JVM start and reach its spin-wait
        Files.createFile(go);
        Set<String> kids = ConcurrentHashMap.newKeySet();
        for (Process p : processes) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            String line = out.lines().filter(l -> l.startsWith("KID=")).findFirst().orElseThrow();
            assertThat(line).endsWith(" KEYS=1");
            kids.add(line);
        }
        assertThat(kids).hasSize(1);
        assertThat(keyFiles(dir)).hasSize(1);
    }

    // --- PEM ---------------------------------------------------------------------------------------

    @Test
    void pkcs8PemKeysOfEachAlgorithmAreLoaded() throws Exception {
        Files.setLastModifiedTime(writePem(tmp.resolve("ed.pem"), generate("Ed25519", null)), FileTime.from(T0));
        Files.setLastModifiedTime(writePem(tmp.resolve("ec.pem"), generate("EC", new ECGenParameterSpec("secp256r1"))),
                FileTime.from(T0.plusSeconds(1)));
        Files.setLastModifiedTime(writePem(tmp.resolve("rsa.pem"), generate("RSA", null)), FileTime.from(T0.plusSeconds(2)));

        KeyRing ring = KeyDirectory.load(tmp);

        assertThat(ring.keys()).extracting(SigningKey::algorithm)
                .containsExactly(SigningAlgorithm.RS256, SigningAlgorithm.ES256, SigningAlgorithm.EdDSA);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ring, ISSUER, AUDIENCE, SKEW, clock, c -> false,
                VerifiedTokenCache.disabled());
        for (SigningKey key : ring.keys()) {
            assertThat(key.kid()).isEqualTo(key.publicJwk().computeThumbprint().toString());
            String token = new AccessTokenIssuer(KeyRing.of(List.of(key)), ISSUER, AUDIENCE, TTL, clock)
                    .issue("u", "t", "member", null, "s").token();
            assertThat(verifier.verify(token).subject()).isEqualTo("u");
        }
        assertThat(ring.byKid(ring.keys().get(2).kid()).orElseThrow().createdAt()).isEqualTo(T0);
    }

    @Test
    void otherPemFormsAreRefusedWithTheConversionCommand() throws Exception {
        write(tmp.resolve("old.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("openssl pkcs8 -topk8");
        Files.delete(tmp.resolve("old.pem"));

        write(tmp.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("encrypted");
        Files.delete(tmp.resolve("enc.pem"));

        writePem(tmp.resolve("p384.pem"), generate("EC", new ECGenParameterSpec("secp384r1")));
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("P-256");
        Files.delete(tmp.resolve("p384.pem"));

        write(tmp.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("PKCS#8");
        Files.delete(tmp.resolve("junk.pem"));

        write(tmp.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> KeyDirectory.load(tmp)).hasMessageContaining("PKCS#8");
    }

    private static PrivateKey generate(String algorithm, ECGenParameterSpec spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (spec != null) {
            generator.initialize(spec);
        } else if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair().getPrivate();
    }

    private static Path writePem(Path file, PrivateKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return write(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
