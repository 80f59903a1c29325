package dev.bulwark.validation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Whether an address is on the public internet, by the IANA special-purpose registries (RFC 6890 and updates).
 * Works on the address bytes, never on a textual form, so every spelling of an address classifies the same.
 * The order of the checks is irrelevant: an address in any listed range is refused.
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, IPv4-mapped — which Java
 * already hands over as an {@link Inet4Address} — 6to4 {@code 2002::/16}, NAT64 {@code 64:ff9b::/96} and
 * Teredo {@code 2001::/32}) are refused as a whole rather than decoded: a webhook has no need for them and a
 * decoding mistake would be an SSRF.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /** Empty when public; otherwise what kind of address it is, for the error message. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return Optional.of("unknown kind of");
    }

    static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 0) {
            return Optional.of("unspecified (\"this network\")");
        }
        if (a0 == 127) {
            return Optional.of("loopback");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("private");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("link-local (cloud metadata)");
        }
        if (a0 == 100 && (a1 & 0xC0) == 64) {
            return Optional.of("carrier-grade NAT");
        }
        if ((a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113) || (a0 == 198 && (a1 & 0xFE) == 18)
                || (a0 == 192 && a1 == 88 && a2 == 99)) {
            return Optional.of("reserved (protocol, documentation or benchmarking)");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("multicast");
        }
        if (a0 >= 240) {
            return Optional.of("reserved or broadcast");
        }
        return Optional.empty();
    }

    static Optional<String> ipv6(byte[] b) {
        boolean first96Zero = true;
        for (int i = 0; i < 12; i++) {
            first96Zero &= b[i] == 0;
        }
        if (first96Zero) {
            boolean last32Zero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (last32Zero && b[15] == 0) {
                return Optional.of("unspecified");
            }
            if (last32Zero && b[15] == 1) {
                return Optional.of("loopback");
            }
            return Optional.of("IPv4-compatible IPv6");
        }
        int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (isMapped(b)) {
            return Optional.of("IPv4-mapped IPv6");
        }
        if ((w0 & 0xFE00) == 0xFC00) {
            return Optional.of("unique-local IPv6");
        }
        if ((w0 & 0xFFC0) == 0xFE80) {
            return Optional.of("link-local IPv6");
        }
        if ((w0 & 0xFFC0) == 0xFEC0) {
            return Optional.of("site-local IPv6");
        }
        if ((w0 & 0xFF00) == 0xFF00) {
            return Optional.of("multicast");
        }
        if (w0 == 0x0064 && w1 == 0xFF9B) {
            return Optional.of("NAT64 (embedded IPv4)");
        }
        if (w0 == 0x2002) {
            return Optional.of("6to4 (embedded IPv4)");
        }
        if (w0 == 0x2001 && (w1 == 0x0000 || w1 == 0x0DB8 || (w1 & 0xFFF0) == 0x0010 || (w1 & 0xFFF0) == 0x0020
                || w1 < 0x0200)) {
            return Optional.of("reserved IPv6 (Teredo, documentation, ORCHID or IETF protocol)");
        }
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Optional.of("discard-only IPv6");
        }
        if ((w0 & 0xE000) != 0x2000) {
            return Optional.of("reserved IPv6 (outside global unicast)");
        }
        return Optional.empty();
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }
}
