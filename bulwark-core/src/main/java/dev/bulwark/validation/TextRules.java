package dev.bulwark.validation;

import java.text.Normalizer;

/**
 * Rules for human-readable text. Names are NFKC-normalised (so look-alike compatibility forms compare equal)
 * and may hold no control or format characters: format characters include the bidi overrides that make a
 * name read differently than it sorts, and the zero-width characters that make two names look alike.
 * Free text (descriptions) may hold line breaks and tabs but no other control character, NUL included.
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * A person's display name: 1 to 100 characters after NFKC and trimming, and not an injection payload
     * ({@link InjectionDetectors}; names such as O'Brien or D'Arcy pass).
     */
    public static String displayName(String raw) {
        return guardedName(raw, 100);
    }

    /** A name of a thing (project, API key), 1 to {@code max} characters. */
    public static String name(String raw, int max) {
        String value = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (value.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidValueException("must be at most " + max + " characters");
        }
        value.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || isInvisibleLetter(cp)) {
                throw new InvalidValueException("must not contain control, formatting or invisible characters");
            }
        });
        return value;
    }

    /**
     * Characters that are not of a format category yet render as nothing: the Hangul fillers (letters, so a
     * category check misses them) and the combining grapheme joiner. Zero-width space, joiners, word joiner and
     * the byte-order mark are format characters and refused by category.
     */
    private static boolean isInvisibleLetter(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x034F
                || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0xFE00 && cp <= 0xFE0F);
    }

    /**
     * A name that is also checked by the {@link InjectionDetectors}: for names shown to other users (project
     * and API key names), where a payload has no legitimate reason to be.
     */
    public static String guardedName(String raw, int max) {
        String value = name(raw, max);
        InjectionDetectors.refuse(value);
        return value;
    }

    /** {@link #freeText} and then the {@link InjectionDetectors}: for descriptions and other prose fields. */
    public static String guardedFreeText(String raw, int max) {
        String value = freeText(raw, max);
        InjectionDetectors.refuse(value);
        return value;
    }

    /** Free text up to {@code max} characters; may be empty. */
    public static String freeText(String raw, int max) {
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidValueException("must be at most " + max + " characters");
        }
        value.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean allowedControl = cp == '\n' || cp == '\t' || cp == '\r';
            if ((type == Character.CONTROL && !allowedControl) || (cp >= 0x202A && cp <= 0x202E)
                    || (cp >= 0x2066 && cp <= 0x2069) || type == Character.SURROGATE) {
                throw new InvalidValueException("must not contain control or bidi-override characters");
            }
        });
        return value;
    }
}
