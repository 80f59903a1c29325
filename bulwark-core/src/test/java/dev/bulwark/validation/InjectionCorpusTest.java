package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Detection and false-positive rates of the {@link InjectionDetectors} on the corpus in
 * {@code src/test/resources/validation/corpus} (written for Bulwark; regenerate with
 * {@code python3 bulwark-core/src/test/corpus/generate.py}). Goals: at least 95 % of each kind's attacks
 * detected as that kind of attack, at most 1 % of the benign strings flagged by any detector. The figures are
 * printed (see the test's output file under target/surefire-reports) and quoted in the README.
 */
class InjectionCorpusTest {

    @Test
    void detectionAndFalsePositiveRatesMeetTheGoals() {
        List<String> benign = corpus("benign.txt");
        assertThat(benign).hasSizeGreaterThanOrEqualTo(2000);
        StringBuilder report = new StringBuilder("injection detector corpus:\n");
        java.util.Map<InjectionDetectors.Kind, Double> rates = new java.util.EnumMap<>(InjectionDetectors.Kind.class);
        for (InjectionDetectors.Kind kind : InjectionDetectors.Kind.values()) {
            List<String> attacks = corpus(kind.name().toLowerCase(Locale.ROOT) + "-attacks.txt");
            assertThat(attacks).hasSizeGreaterThanOrEqualTo(300);
            List<String> missed = attacks.stream().filter(a -> !InjectionDetectors.looksLike(kind, a)).toList();
            double rate = 100.0 * (attacks.size() - missed.size()) / attacks.size();
            report.append(String.format(Locale.ROOT, "  %-6s detected %d/%d = %.1f %%%n", kind,
                    attacks.size() - missed.size(), attacks.size(), rate));
            missed.stream().limit(15).forEach(m -> report.append("      missed: ").append(m).append('\n'));
            rates.put(kind, rate);
        }
        List<String> flagged = benign.stream().filter(b -> InjectionDetectors.detect(b).isPresent()).toList();
        double fp = 100.0 * flagged.size() / benign.size();
        report.append(String.format(Locale.ROOT, "  benign flagged %d/%d = %.2f %%%n", flagged.size(), benign.size(),
                fp));
        flagged.forEach(f -> report.append("      flagged: ").append(f).append(" (")
                .append(InjectionDetectors.detect(f).orElseThrow()).append(")\n"));
        System.out.print(report);
        rates.forEach((kind, rate) -> assertThat(rate).as(kind + " detection").isGreaterThanOrEqualTo(95.0));
        assertThat(fp).as("false positives " + flagged).isLessThanOrEqualTo(1.0);
    }

    /**
     * Long adversarial inputs: repetitions of the characters each scanner stops at, and of prefixes of what it
     * looks for, so a super-linear scanner would be stuck for minutes. The bound is a hang guard, not a timing.
     */
    @Test
    void detectorsFinishOnLongAdversarialInputs() {
        List<String> inputs = List.of("'".repeat(100_000), "' or ".repeat(20_000), "<".repeat(100_000),
                "<scrip".repeat(16_000), "on".repeat(50_000) + "=", "javascrip".repeat(11_000) + ":",
                ";".repeat(100_000), "; ca".repeat(25_000), "`".repeat(100_000), "`ls ".repeat(25_000),
                "/*".repeat(50_000), "%25".repeat(33_000), "&#".repeat(50_000), "\\u00".repeat(25_000),
                "{{".repeat(50_000), "$(".repeat(50_000), "a".repeat(100_000), "(".repeat(100_000),
                "x' or 'a'='a".repeat(8_000), "expression ".repeat(10_000) + "(");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String input : inputs) {
                InjectionDetectors.detect(input);
                for (InjectionDetectors.Kind kind : InjectionDetectors.Kind.values()) {
                    InjectionDetectors.looksLike(kind, input);
                }
            }
        });
    }

    static List<String> corpus(String name) {
        try (InputStream in = InjectionCorpusTest.class.getResourceAsStream("/validation/corpus/" + name)) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("# Written for Bulwark")) {
                    lines.add(unescape(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unescape(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char k = line.charAt(++i);
                out.append(switch (k) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> k;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
