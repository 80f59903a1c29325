package dev.bulwark.http;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/** An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a block of one. */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code address[/prefix]}; IPv4 and IPv6 literals only, never a host name (no DNS lookup). */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = IpLiterals.parse(addressPart)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR: '" + text + "'"));
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
            }
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** The block of {@code prefixLength} bits holding {@code address}. */
    static Cidr of(byte[] address, int prefixLength) {
        return new Cidr(mask(address, prefixLength), prefixLength);
    }

    /** Whether the IP literal {@code text} lies in this block; false for anything that is not an IP literal. */
    public boolean contains(String text) {
        return IpLiterals.parse(text).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixLength), network);
    }

    public boolean contains(InetAddress address) {
        return contains(IpLiterals.fold(address.getAddress()));
    }

    public boolean matchesEverything() {
        return prefixLength == 0;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefixLength;
    }

    static Optional<Cidr> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
