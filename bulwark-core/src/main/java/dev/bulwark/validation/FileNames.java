package dev.bulwark.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Client-supplied file names and relative paths, for upload features: a name is one path component, a path is
 * components joined by {@code /}. Refused: empty components, {@code .} and {@code ..}, backslashes, NUL and other
 * control characters, absolute paths ({@code /x}, {@code C:x}, {@code \\server}), Windows device names
 * ({@code CON}, {@code NUL}, {@code COM1}, … with or without an extension), trailing dots or spaces (Windows
 * drops them, so {@code a.txt.} is {@code a.txt}) and a colon anywhere (NTFS alternate streams).
 *
 * <p>Encodings are looked through, not trusted: the value is percent-decoded up to three times (so
 * {@code %2e%2e%2f} and {@code %252e%252e%252f} are seen as {@code ../}); a decoding that is not valid UTF-8 —
 * the overlong {@code %c0%ae} trick — or a fourth level of encoding is refused outright. Each decoded form must
 * pass the same rules; the value returned is the NFC form of the input as given.
 */
public final class FileNames {

    public static final int MAX_NAME = 255;
    public static final int MAX_PATH = 1024;
    private static final int DECODE_ROUNDS = 3;

    private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul", "clock$", "conin$", "conout$",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private FileNames() {
    }

    /** One file name, no directory part. */
    public static String name(String raw) {
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw new InvalidValueException("must be 1 to " + MAX_NAME + " characters");
        }
        for (String form : decodedForms(value)) {
            if (form.indexOf('/') >= 0) {
                throw new InvalidValueException("must be a file name without a directory");
            }
            component(form);
        }
        return value;
    }

    /** A relative path of components separated by {@code /}. */
    public static String relativePath(String raw) {
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (value.isEmpty() || value.length() > MAX_PATH) {
            throw new InvalidValueException("must be 1 to " + MAX_PATH + " characters");
        }
        for (String form : decodedForms(value)) {
            if (form.startsWith("/")) {
                throw new InvalidValueException("must be a relative path");
            }
            for (String part : form.split("/", -1)) {
                component(part);
            }
        }
        return value;
    }

    private static void component(String part) {
        if (part.isEmpty()) {
            throw new InvalidValueException("must not have empty path segments");
        }
        if (part.equals(".") || part.equals("..")) {
            throw new InvalidValueException("must not contain . or .. segments");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\\') {
                throw new InvalidValueException("must not contain backslashes");
            }
            if (c == ':') {
                throw new InvalidValueException("must not contain a colon (drive letters, alternate streams)");
            }
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) && !validSurrogate(part, i)) {
                throw new InvalidValueException("must not contain control or invisible characters");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        char last = part.charAt(part.length() - 1);
        if (last == '.' || last == ' ') {
            throw new InvalidValueException("must not end with a dot or a space");
        }
        String lower = part.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        String stem = (dot < 0 ? lower : lower.substring(0, dot)).stripTrailing();
        if (DEVICES.contains(stem)) {
            throw new InvalidValueException("must not be a device name such as CON, NUL or COM1");
        }
    }

    private static boolean validSurrogate(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(
                s.charAt(i + 1));
    }

    /** The value and each successive percent-decoding of it, while decoding changes something. */
    private static java.util.List<String> decodedForms(String value) {
        java.util.List<String> forms = new java.util.ArrayList<>();
        forms.add(value);
        String current = value;
        for (int round = 0; round <= DECODE_ROUNDS; round++) {
            if (current.indexOf('%') < 0) {
                return forms;
            }
            String decoded = percentDecode(current);
            if (decoded.equals(current)) {
                return forms;
            }
            if (round == DECODE_ROUNDS) {
                throw new InvalidValueException("is encoded too many times");
            }
            forms.add(decoded);
            current = decoded;
        }
        return forms;
    }

    /** Lenient percent-decoding: {@code %} not followed by two hex digits stays as it is (as in "100%"). */
    static String percentDecode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            int hi = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
            int lo = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
            if (utf8[i] == '%' && hi >= 0 && lo >= 0) {
                out.put((byte) (hi * 16 + lo));
                i += 2;
            } else {
                out.put(utf8[i]);
            }
        }
        out.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(out).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidValueException("has an invalid encoding");
        }
    }
}
