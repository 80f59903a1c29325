package dev.bulwark.validation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A webhook target whose address was checked: connect to {@link #address()} (not to the name again), and send
 * {@link #host()} as the TLS SNI name and the {@code Host} header. Resolving once and connecting to that very
 * address is what defeats DNS rebinding, where a name answers with a public address for the check and a private
 * one for the connection.
 */
public record PinnedAddress(URI url, String host, int port, InetAddress address) {

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }
}
