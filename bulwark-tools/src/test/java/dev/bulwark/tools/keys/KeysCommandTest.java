package dev.bulwark.tools.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Sha256;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.AccessTokenVerifier;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.KeyRing;
import dev.bulwark.token.ReloadingKeyRing;
import dev.bulwark.token.VerifiedTokenCache;
import dev.bulwark.tools.CliHarness;
import dev.bulwark.tools.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

    private static final Pattern TOKEN = Pattern.compile("\\b(bwop_[A-Za-z0-9_-]{43})\\b");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    private CliHarness.Result keys(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "keys";
        System.arraycopy(args, 0, full, 1, args.length);
        return CliHarness.run(dir, Map.of(), clock, full);
    }

    @Test
    void initWritesPrivateFilesAndPrintsTheOperatorTokenOnce() throws IOException {
        CliHarness.Result r = keys("init", "--env", "staging", "--alg", "ES256");
        assertThat(r.exitCode()).as(r.err()).isZero();

        Path envFile = dir.resolve(".env.staging");
        Path keysDir = dir.resolve("config/staging/keys");
        assertThat(Files.getPosixFilePermissions(envFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path d : List.of(dir.resolve("config"), dir.resolve("config/staging"), keysDir)) {
            assertThat(Files.getPosixFilePermissions(d)).as(d.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        List<Path> keyFiles;
        try (Stream<Path> list = Files.list(keysDir)) {
            keyFiles = list.filter(p -> p.toString().endsWith(".jwk.json")).toList();
        }
        assertThat(keyFiles).hasSize(1);
        assertThat(Files.getPosixFilePermissions(keyFiles.get(0))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(KeyDirectory.load(keysDir).active().algorithm().name()).isEqualTo("ES256");

        Matcher m = TOKEN.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        String token = m.group(1);
        String env = Files.readString(envFile);
        assertThat(env).contains("BULWARK_ENV=staging\n", "BULWARK_KEYS_DIR=config/staging/keys\n",
                "BULWARK_JWT_ALG=ES256\n", "BULWARK_ADMIN_TOKEN_HASH=" + Sha256.hex(token) + "\n");
        assertThat(env).as("the token itself is stored nowhere").doesNotContain(token);
        assertThat(env).as("the template's explanations are kept").contains("# Bulwark: the configuration");
    }

    @Test
    void initRefusesToOverwriteWithoutForce() throws IOException {
        assertThat(keys("init", "--env", "production").exitCode()).isZero();
        String before = Files.readString(dir.resolve(".env.production"));
        KeyRing ringBefore = KeyDirectory.load(dir.resolve("config/production/keys"));

        CliHarness.Result again = keys("init", "--env", "production");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exist", "--force");
        assertThat(Files.readString(dir.resolve(".env.production"))).isEqualTo(before);

        clock.advance(Duration.ofSeconds(5));
        assertThat(keys("init", "--env", "production", "--force").exitCode()).isZero();
        assertThat(Files.readString(dir.resolve(".env.production"))).isNotEqualTo(before);
        KeyRing ringAfter = KeyDirectory.load(dir.resolve("config/production/keys"));
        assertThat(ringAfter.keys()).hasSize(1);
        assertThat(ringAfter.active().kid()).isNotEqualTo(ringBefore.active().kid());
    }

    @Test
    void badArgumentsExitWith2AndWriteNothing() throws IOException {
        assertThat(keys("init", "--env", "qa").exitCode()).isEqualTo(2);
        assertThat(keys("init", "--env", "../etc").exitCode()).isEqualTo(2);
        assertThat(keys("init", "--env", "staging", "--alg", "HS256").exitCode()).isEqualTo(2);
        assertThat(keys("init").exitCode()).isEqualTo(2);
        assertThat(keys("rotate", "--env", "staging").exitCode()).as("nothing to rotate yet").isEqualTo(2);
        assertThat(keys("list", "--env", "staging").exitCode()).isEqualTo(2);
        try (Stream<Path> list = Files.list(dir)) {
            assertThat(list.toList()).isEmpty();
        }
    }

    @Test
    void aTokenSignedBeforeARotationStillVerifiesAfterIt() throws Exception {
        assertThat(keys("init", "--env", "staging").exitCode()).isZero();
        Path keysDir = dir.resolve("config/staging/keys");
        ReloadingKeyRing ring = new ReloadingKeyRing(keysDir, KeyDirectory.load(keysDir), clock, Duration.ofSeconds(10));
        AccessTokenIssuer issuer = new AccessTokenIssuer(ring, "bulwark", "bulwark-api", Duration.ofMinutes(15), clock);
        AccessTokenVerifier verifier = new AccessTokenVerifier(ring, "bulwark", "bulwark-api", Duration.ofSeconds(30),
                clock, claims -> false, VerifiedTokenCache.disabled());
        String before = issuer.issue("user-1", "tenant-1", "member", null, "session-1").token();
        String oldKid = ring.get().active().kid();

        clock.advance(Duration.ofMinutes(1));
        CliHarness.Result rotated = keys("rotate", "--env", "staging");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        clock.advance(Duration.ofSeconds(11)); // one reload interval

        assertThat(ring.get().active().kid()).as("the running ring picked the rotation up").isNotEqualTo(oldKid);
        String after = issuer.issue("user-1", "tenant-1", "member", null, "session-1").token();
        assertThat(verifier.verify(before).subject()).isEqualTo("user-1");
        assertThat(verifier.verify(after).subject()).isEqualTo("user-1");

        CliHarness.Result list = keys("list", "--env", "staging");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(ring.get().active().kid() + "  EdDSA", "active", oldKid, "retiring");
    }

    @Test
    void twoRotationsInOneSecondStillMakeTheNewestKeyActive() {
        assertThat(keys("init", "--env", "staging").exitCode()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(keys("rotate", "--env", "staging").exitCode()).isZero(); // the clock does not move
        }
        KeyRing ring = KeyDirectory.load(dir.resolve("config/staging/keys"));
        assertThat(ring.keys()).hasSize(4);
        assertThat(ring.keys()).extracting(k -> k.createdAt()).doesNotHaveDuplicates();
    }

    @Test
    void pruneRemovesOnlyKeysRetiredLongerThanTheLongestTokenLifetime() {
        assertThat(keys("init", "--env", "staging").exitCode()).isZero();
        Path keysDir = dir.resolve("config/staging/keys");
        String first = KeyDirectory.load(keysDir).active().kid();
        clock.advance(Duration.ofDays(30)); // an old key, but it signed until the rotation below
        keys("rotate", "--env", "staging");
        String second = KeyDirectory.load(keysDir).active().kid();
        clock.advance(Duration.ofHours(1));
        keys("rotate", "--env", "staging");
        String third = KeyDirectory.load(keysDir).active().kid();

        clock.advance(Duration.ofHours(2));
        CliHarness.Result early = keys("prune", "--env", "staging");
        assertThat(early.exitCode()).isZero();
        assertThat(KeyDirectory.load(keysDir).keys()).hasSize(3);

        clock.advance(Duration.ofHours(22)); // the first key retired 25h ago, the second 24h ago (+ skew not passed)
        assertThat(keys("prune", "--env", "staging").exitCode()).isZero();
        assertThat(KeyDirectory.load(keysDir).keys()).extracting(k -> k.kid()).containsExactly(third, second);

        clock.advance(Duration.ofHours(24));
        assertThat(keys("prune", "--env", "staging").exitCode()).isZero();
        assertThat(KeyDirectory.load(keysDir).keys()).extracting(k -> k.kid())
                .as("the active key is never pruned").containsExactly(third);
        assertThat(first).isNotIn(third, second);

        assertThat(keys("prune", "--env", "staging", "--max-token-age", "1m").exitCode())
                .as("shorter than the access token lifetime").isEqualTo(2);
        assertThat(keys("prune", "--env", "staging", "--max-token-age", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void initRefusesAGitWorkTreeThatWouldNotIgnoreTheSecrets() throws Exception {
        git("init", "-q");
        CliHarness.Result refused = keys("init", "--env", "staging");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("git", ".gitignore", ".env.*", "config/*/keys/");
        assertThat(Files.exists(dir.resolve(".env.staging"))).isFalse();
        assertThat(Files.exists(dir.resolve("config"))).isFalse();

        Files.writeString(dir.resolve(".gitignore"), ".env.*\n!.env.example\nconfig/*/keys/\n");
        CliHarness.Result ok = keys("init", "--env", "staging");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(git("status", "--porcelain", "--untracked-files=all")).doesNotContain(".env.staging", "jwk");
    }

    private String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
