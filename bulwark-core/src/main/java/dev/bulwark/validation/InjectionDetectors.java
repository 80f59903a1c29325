package dev.bulwark.validation;

import java.util.Optional;

/**
 * The three injection tripwires together, run on free-text fields as defense in depth. They do not make
 * anything safe: SQL goes through JDBI with bound parameters, output is encoded where it is rendered, and no
 * user text reaches a shell. They refuse text that has the shape of an attack, so it never gets stored, and
 * make the attempt visible. Each detector is a hand-written scanner, linear in the input (see their class
 * comments for the method); corpus and measured rates are in the README's "Validation" section.
 */
public final class InjectionDetectors {

    /** What a text looks like. */
    public enum Kind { SQL, SCRIPT, SHELL }

    private InjectionDetectors() {
    }

    /** The first kind of payload {@code text} looks like, if any. */
    public static Optional<Kind> detect(String text) {
        String scan = ScanText.of(text);
        if (SqlInjectionDetector.detect(scan)) {
            return Optional.of(Kind.SQL);
        }
        if (ScriptInjectionDetector.detect(scan)) {
            return Optional.of(Kind.SCRIPT);
        }
        if (ShellInjectionDetector.detect(scan)) {
            return Optional.of(Kind.SHELL);
        }
        return Optional.empty();
    }

    static boolean looksLike(Kind kind, String text) {
        String scan = ScanText.of(text);
        return switch (kind) {
            case SQL -> SqlInjectionDetector.detect(scan);
            case SCRIPT -> ScriptInjectionDetector.detect(scan);
            case SHELL -> ShellInjectionDetector.detect(scan);
        };
    }

    /** Throws {@link InvalidValueException} when {@code text} looks like a payload; the message names the kind. */
    public static void refuse(String text) {
        detect(text).ifPresent(kind -> {
            throw new InvalidValueException(switch (kind) {
                case SQL -> "looks like a database query injection attempt";
                case SCRIPT -> "looks like a script or HTML injection attempt";
                case SHELL -> "looks like a shell command injection attempt";
            });
        });
    }
}
