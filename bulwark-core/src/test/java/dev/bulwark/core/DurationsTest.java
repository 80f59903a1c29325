package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("14d")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("106751d")).isEqualTo(Duration.ofDays(106_751));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10", "1.5s", "1h30m", "10 s", " 10s", "10s ", "+10s", "10S", "1M", "10us",
        "10sec", "1w", "ms"})
    void rejectsAnythingElseAndShowsTheFormat(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid duration \"" + text + "\": ")
                .hasMessageEndingWith("use a whole number followed by ms, s, m, h or d, e.g. 500ms, 30s, 15m, 2h, 14d");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> Durations.parse(null)).hasMessageContaining("null").hasMessageContaining("empty");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("it is negative");
        assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("no unit");
        assertThatThrownBy(() -> Durations.parse("10y")).hasMessageContaining("\"y\" is not a unit");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse("9223372036854775807d")).hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parse("106752d")).hasMessageContaining("292 years");
    }

    @Test
    void formatsInTheLargestExactUnitAndRoundTrips() {
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1_500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("14d");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        for (String s : new String[] {"500ms", "30s", "15m", "2h", "14d", "1ms", "61s", "25h"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
    }

    @Test
    void refusesToFormatWhatItCannotParse() {
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1_500_000))).hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> Durations.format(null)).isInstanceOf(NullPointerException.class);
    }
}
