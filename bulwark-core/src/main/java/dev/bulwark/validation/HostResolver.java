package dev.bulwark.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into its addresses. {@link WebhookUrls} takes one so that the check and the later
 * connection use the same answer, and so that tests (and deployments with a fixed list of webhook hosts)
 * need no DNS.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code asciiHost} (already IDNA-converted); {@link UnknownHostException} when none. */
    List<InetAddress> resolve(String asciiHost) throws UnknownHostException;

    /** The JVM's resolver (system DNS, {@code /etc/hosts}, the JVM's own cache). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
