package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildSmokeTest {
    @Test
    void runsOnJava17OrLater() {
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(17);
    }
}
