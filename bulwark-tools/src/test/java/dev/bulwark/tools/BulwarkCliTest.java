package dev.bulwark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulwarkCliTest {

    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommand() {
        CliHarness.Result r = CliHarness.run(dir, Map.of(), "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("serve", "keys", "audit");
    }

    @Test
    void badArgumentsExitWith2() {
        assertThat(CliHarness.run(dir, Map.of(), "no-such-command").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(dir, Map.of(), "audit").exitCode()).as("--env is required").isEqualTo(2);
        assertThat(CliHarness.run(dir, Map.of(), "serve", "--port", "x").exitCode()).isEqualTo(2);
    }
}
