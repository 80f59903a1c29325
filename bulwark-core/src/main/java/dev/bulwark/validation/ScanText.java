package dev.bulwark.validation;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The form of a text the injection detectors look at: NFKC (full-width {@code ＜} is {@code <}), up to two rounds
 * of percent-decoding, HTML character references ({@code &#60;}, {@code &#x3c;}, {@code &lt;}) and JavaScript
 * escapes ({@code \x3c}, {@code \u003c}) decoded, NUL removed, lower-cased. Every step is one left-to-right pass,
 * so the whole is linear in the input. Decoding more than the field's consumer would is deliberate: a detector
 * is defense in depth, and a payload that only works after some later decoding is still a payload.
 */
final class ScanText {

    private ScanText() {
    }

    static String of(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        for (int round = 0; round < 2 && s.indexOf('%') >= 0; round++) {
            s = percentDecode(s);
        }
        s = decodeReferences(s);
        return s.toLowerCase(Locale.ROOT);
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isWordChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B || c == 0xA0;
    }

    /** Index of the first non-space character at or after {@code i} (or {@code s.length()}). */
    static int skipSpaces(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The run of ASCII letters, digits, {@code _} and {@code .} starting at {@code i}. */
    static String wordAt(String s, int i) {
        int end = i;
        while (end < s.length() && end - i < 40 && (isWordChar(s.charAt(end)) || s.charAt(end) == '.')) {
            end++;
        }
        return s.substring(i, end);
    }

    static boolean startsWithAt(String s, int i, String prefix) {
        return s.regionMatches(i, prefix, 0, prefix.length());
    }

    private static String percentDecode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0 && s.charAt(i + 1) < 128 && s.charAt(i + 2) < 128) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String decodeReferences(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == 0) {
                i++;
                continue;
            }
            if (c == '&' && i + 1 < s.length()) {
                int end = referenceEnd(s, i, out);
                if (end > i) {
                    i = end;
                    continue;
                }
            } else if (c == '\\' && i + 1 < s.length()) {
                char k = s.charAt(i + 1);
                int digits = k == 'x' ? 2 : k == 'u' ? 4 : 0;
                if (digits > 0 && i + 2 + digits <= s.length()) {
                    int value = hex(s, i + 2, i + 2 + digits);
                    if (value >= 0) {
                        out.append((char) value);
                        i += 2 + digits;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Decodes the reference at {@code i} into {@code out}; its end, or {@code i} when there is none. */
    private static int referenceEnd(String s, int i, StringBuilder out) {
        int j = i + 1;
        if (s.charAt(j) == '#') {
            j++;
            boolean hexForm = j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
            if (hexForm) {
                j++;
            }
            int start = j;
            long value = 0;
            while (j < s.length() && j - start < 12 && Character.digit(s.charAt(j), hexForm ? 16 : 10) >= 0
                    && s.charAt(j) < 128) {
                value = value * (hexForm ? 16 : 10) + Character.digit(s.charAt(j), hexForm ? 16 : 10);
                j++;
            }
            if (j == start || value > Character.MAX_CODE_POINT) {
                return i;
            }
            out.appendCodePoint((int) value);
            return j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
        }
        int start = j;
        while (j < s.length() && j - start < 10 && isLetter(s.charAt(j))) {
            j++;
        }
        String name = s.substring(start, j).toLowerCase(Locale.ROOT);
        String decoded = switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "amp" -> "&";
            case "colon" -> ":";
            case "tab" -> "\t";
            case "newline" -> "\n";
            case "sol" -> "/";
            case "lpar" -> "(";
            case "rpar" -> ")";
            case "grave" -> "`";
            default -> null;
        };
        if (decoded == null) {
            return i;
        }
        out.append(decoded);
        return j < s.length() && s.charAt(j) == ';' ? j + 1 : j;
    }

    private static int hex(String s, int from, int to) {
        int value = 0;
        for (int k = from; k < to; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0 || s.charAt(k) >= 128) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }
}
