package dev.bulwark.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict parsing of IP literals from untrusted text. {@link InetAddress#getByName} would resolve host names, so
 * the text is checked to be a literal first: dotted-quad IPv4 with decimal octets only, or IPv6 in brackets or
 * bare (with an optional zone id, dropped). IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is folded to IPv4 so one
 * client has one key whichever socket family it came in on.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') >= 0) {
            if (!s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            }
        } else if (!isDottedQuad(s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fold(InetAddress.getByName(s).getAddress()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Folds an IPv4-mapped IPv6 address to its four IPv4 bytes; returns other addresses unchanged. */
    static byte[] fold(byte[] address) {
        if (address.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return address;
                }
            }
            if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }

    static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + address.length, e);
        }
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0') || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
