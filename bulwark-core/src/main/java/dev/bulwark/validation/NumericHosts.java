package dev.bulwark.validation;

/**
 * Host strings that some resolver would read as an IPv4 address. {@code inet_aton} and the URL parsers built
 * on it accept one to four parts, each decimal, octal (leading {@code 0}) or hexadecimal ({@code 0x}), the
 * last part filling the remaining bytes — so {@code 2130706433}, {@code 0177.1} and {@code 0x7f.0.0.1} are all
 * 127.0.0.1. Rather than decode these, any host whose last label is numeric in one of those bases is treated as
 * numeric: no DNS top-level domain is all digits or starts with {@code 0x} followed by hex digits only.
 */
final class NumericHosts {

    private NumericHosts() {
    }

    static boolean isNumeric(String host) {
        int dot = host.lastIndexOf('.');
        String last = host.substring(dot + 1);
        if (last.isEmpty()) {
            return false;
        }
        return isNumber(last);
    }

    private static boolean isNumber(String label) {
        String digits = label;
        int radix = 10;
        if (label.startsWith("0x")) {
            digits = label.substring(2);
            radix = 16;
            if (digits.isEmpty()) {
                return true;
            }
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }
}
