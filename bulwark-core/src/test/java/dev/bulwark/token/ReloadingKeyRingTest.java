package dev.bulwark.token;

import static dev.bulwark.token.TestKeys.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyRingTest {

    @TempDir
    Path parent;

    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(T0);

    @Test
    void aRotationIsPickedUpAfterOneIntervalAndNotBefore() {
        Path dir = parent.resolve("keys");
        SigningKey first = KeyDirectory.generateInto(dir, SigningAlgorithm.EdDSA, clock);
        ReloadingKeyRing keys = new ReloadingKeyRing(dir, KeyDirectory.load(dir), clock, Duration.ofSeconds(10));
        assertThat(keys.get().active().kid()).isEqualTo(first.kid());

        clock.advance(Duration.ofSeconds(1));
        SigningKey second = KeyDirectory.generateInto(dir, SigningAlgorithm.ES256, clock);
        assertThat(keys.get().active().kid()).as("not yet: the interval has not passed").isEqualTo(first.kid());

        clock.advance(Duration.ofSeconds(10));
        assertThat(keys.get().active().kid()).isEqualTo(second.kid());
        assertThat(keys.get().byKid(first.kid())).as("the old key still verifies").isPresent();

        KeyDirectory.delete(dir, first.kid());
        clock.advance(Duration.ofSeconds(10));
        assertThat(keys.get().keys()).extracting(SigningKey::kid).containsExactly(second.kid());
    }

    @Test
    void aDirectoryThatCannotBeLoadedKeepsTheKeysInUse() throws IOException {
        Path dir = parent.resolve("keys");
        SigningKey first = KeyDirectory.generateInto(dir, SigningAlgorithm.EdDSA, clock);
        ReloadingKeyRing keys = new ReloadingKeyRing(dir, KeyDirectory.load(dir), clock, Duration.ofSeconds(10));

        Path broken = dir.resolve("half-copied.jwk.json");
        Files.writeString(broken, "{\"kty\":");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-------"));
        clock.advance(Duration.ofSeconds(11));
        assertThat(keys.get().active().kid()).isEqualTo(first.kid());

        Files.delete(broken);
        clock.advance(Duration.ofSeconds(1));
        SigningKey second = KeyDirectory.generateInto(dir, SigningAlgorithm.EdDSA, clock);
        clock.advance(Duration.ofSeconds(10));
        assertThat(keys.get().active().kid()).as("recovers once the directory is good again").isEqualTo(second.kid());
    }
}
