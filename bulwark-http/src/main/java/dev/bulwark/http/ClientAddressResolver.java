package dev.bulwark.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the address of the client a request came from, the key of every per-address limit and block.
 *
 * <p>The TCP peer is the answer unless the peer is a trusted proxy. Only then are {@code Forwarded} (RFC 7239)
 * and {@code X-Forwarded-For} read, from the right: each hop was appended by the proxy in front of it, so the
 * rightmost address not in a trusted block is the first one no trusted party vouches for — the client. Anything
 * to its left could have been written by the client itself. A hop that does not parse ends the walk at the last
 * address that did, so garbage can never be trusted.
 *
 * <p>The <em>key</em> of an address ({@link #key}) is what limits and blocks count: an IPv4 address itself, and
 * for IPv6 its network prefix ({@code /64} by default, one customer's LAN), since one host owns a whole /64 and
 * could otherwise rotate through 2^64 addresses to escape every per-address limit.
 */
public final class ClientAddressResolver {

    public static final int DEFAULT_IPV6_PREFIX = 64;

    private final List<Cidr> trustedProxies;
    private final int ipv6Prefix;

    public ClientAddressResolver(List<Cidr> trustedProxies) {
        this(trustedProxies, DEFAULT_IPV6_PREFIX);
    }

    /** @param ipv6Prefix the prefix length IPv6 clients are keyed by (1-128; 128 keys every address alone) */
    public ClientAddressResolver(List<Cidr> trustedProxies, int ipv6Prefix) {
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("the IPv6 prefix must be between 1 and 128, was " + ipv6Prefix);
        }
        this.trustedProxies = List.copyOf(trustedProxies);
        this.ipv6Prefix = ipv6Prefix;
    }

    /**
     * The key limits and blocks use for a resolved client address: IPv4 unchanged; IPv6 as its network, e.g.
     * {@code 2001:db8:0:1:0:0:0:0/64}; text that is no IP literal unchanged.
     */
    public String key(String address) {
        Optional<byte[]> bytes = IpLiterals.parse(address);
        if (bytes.isEmpty() || bytes.get().length == 4 || ipv6Prefix == 128) {
            return bytes.map(IpLiterals::format).orElse(address);
        }
        return Cidr.of(bytes.get(), ipv6Prefix).toString();
    }

    public int ipv6Prefix() {
        return ipv6Prefix;
    }

    /**
     * @param peer             the TCP peer address as the server saw it
     * @param forwarded        the {@code Forwarded} header, or null
     * @param xForwardedFor    the {@code X-Forwarded-For} header, or null
     * @return the client address in canonical text form (IPv4-mapped IPv6 folded to IPv4)
     */
    public String resolve(String peer, String forwarded, String xForwardedFor) {
        byte[] peerBytes = IpLiterals.parse(peer).orElse(null);
        if (peerBytes == null) {
            return peer;
        }
        byte[] current = peerBytes;
        if (!isTrusted(current)) {
            return IpLiterals.format(current);
        }
        List<String> hops = forwarded != null ? forwardedFor(forwarded) : splitXff(xForwardedFor);
        for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
            Optional<byte[]> hop = IpLiterals.parse(stripPort(hops.get(i)));
            if (hop.isEmpty()) {
                break;
            }
            current = hop.get();
        }
        return IpLiterals.format(current);
    }

    /**
     * The canonical text form of an IP literal — the form client addresses take in limits and blocks — or empty
     * when the text is not an IPv4 or IPv6 literal (host names are never resolved).
     */
    public static Optional<String> canonical(String ipLiteral) {
        return IpLiterals.parse(ipLiteral).map(IpLiterals::format);
    }

    /** True when the request reached us through a trusted proxy (so its {@code X-Forwarded-Proto} may be read). */
    public boolean isTrustedPeer(String peer) {
        return IpLiterals.parse(peer).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> splitXff(String header) {
        List<String> hops = new ArrayList<>();
        if (header == null) {
            return hops;
        }
        for (String part : header.split(",", 64)) {
            hops.add(part.trim());
        }
        return hops;
    }

    /** The {@code for=} values of each element of a {@code Forwarded} header, in order. */
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",", 64)) {
            String value = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                }
            }
            hops.add(value);
        }
        return hops;
    }

    /** Drops a port: {@code 1.2.3.4:80} and {@code [::1]:80}; leaves bare IPv6 alone. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(0, close + 1) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }
}
