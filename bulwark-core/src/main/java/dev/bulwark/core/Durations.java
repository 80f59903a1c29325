package dev.bulwark.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The duration format of the configuration and the policy file: a whole number and one unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 500ms}, {@code 30s},
 * {@code 15m}, {@code 2h}, {@code 14d}.
 *
 * <p>Strict on purpose: no sign, no spaces, no fractions, no combined units ({@code 1h30m}), no
 * upper case ({@code 1M} would read as a month to some). A value too long to express in
 * nanoseconds in a {@code long} (about 292 years) is rejected, so callers may use {@link
 * Duration#toNanos()} freely.
 */
public final class Durations {

    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parses {@code 500ms | 30s | 15m | 2h | 14d}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and shows the format
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw invalid(text, text.charAt(0) == '-' ? "it is negative" : "it does not start with a number");
        }
        String unit = text.substring(digits);
        if (unit.isEmpty()) {
            throw invalid(text, "it has no unit");
        }
        long amount;
        try {
            amount = Long.parseLong(text, 0, digits, 10);
        } catch (NumberFormatException e) {
            throw invalid(text, "the number is too large");
        }
        Duration duration;
        try {
            duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw invalid(text, "\"" + unit + "\" is not a unit");
            };
        } catch (ArithmeticException e) {
            throw invalid(text, "it is too long");
        }
        if (duration.compareTo(MAX) > 0) {
            throw invalid(text, "it is too long (at most about 292 years)");
        }
        return duration;
    }

    /**
     * Formats in the largest unit that expresses {@code duration} exactly, so that {@code
     * parse(format(d)).equals(d)}: {@code 90s} → {@code "90s"}, {@code 2h} → {@code "2h"}.
     *
     * @throws IllegalArgumentException if negative or not a whole number of milliseconds
     */
    public static String format(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot format a negative duration: " + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("cannot format " + duration + ": not a whole number of milliseconds");
        }
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0) {
            return duration.toMillis() + "ms";
        }
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid duration " + (text == null ? "null" : "\"" + text + "\"") + ": "
                + why + "; use a whole number followed by ms, s, m, h or d, e.g. 500ms, 30s, 15m, 2h, 14d");
    }
}
