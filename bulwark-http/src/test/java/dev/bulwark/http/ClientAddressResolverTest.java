package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver noProxies = new ClientAddressResolver(List.of());
    private final ClientAddressResolver behindProxy = new ClientAddressResolver(
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:ffff::/48")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(noProxies.resolve("198.51.100.7", "for=203.0.113.1", "203.0.113.2, 203.0.113.3"))
                .isEqualTo("198.51.100.7");
        assertThat(behindProxy.resolve("198.51.100.7", null, "10.0.0.1")).isEqualTo("198.51.100.7");
    }

    @Test
    void throughATrustedProxyTheRightmostUntrustedHopIsTheClient() {
        // The client wrote "1.1.1.1" itself; the proxy appended what it saw.
        assertThat(behindProxy.resolve("10.0.0.5", null, "1.1.1.1, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.resolve("10.0.0.5", null, "1.1.1.1, 203.0.113.9, 10.0.0.4")).isEqualTo("203.0.113.9");
        assertThat(behindProxy.resolve("10.0.0.5", "for=1.1.1.1, for=\"[2001:db8::7]:4711\"", "9.9.9.9"))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(behindProxy.resolve("10.0.0.5", "for=198.51.100.3:80;proto=https", null)).isEqualTo("198.51.100.3");
    }

    @Test
    void garbageEndsTheWalkAtTheLastAddressThatParsed() {
        assertThat(behindProxy.resolve("10.0.0.5", null, "203.0.113.9, not-an-ip")).isEqualTo("10.0.0.5");
        assertThat(behindProxy.resolve("10.0.0.5", null, "evil.example.com")).isEqualTo("10.0.0.5");
        assertThat(behindProxy.resolve("10.0.0.5", null, "01.2.3.4")).isEqualTo("10.0.0.5");
        assertThat(behindProxy.resolve("10.0.0.5", "for=unknown", null)).isEqualTo("10.0.0.5");
        assertThat(behindProxy.resolve("10.0.0.5", null, "")).isEqualTo("10.0.0.5");
        assertThat(behindProxy.resolve("10.0.0.5", null, "1.2.3.4" + "0".repeat(100))).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv4MappedIpv6IsFoldedToIpv4() {
        assertThat(noProxies.resolve("::ffff:192.0.2.1", null, null)).isEqualTo("192.0.2.1");
        assertThat(noProxies.key("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void ipv6IsKeyedByItsSlash64() {
        assertThat(noProxies.key("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(noProxies.key("2001:db8:1:2:ffff:1:2:3")).isEqualTo(noProxies.key("2001:db8:1:2::9"));
        assertThat(noProxies.key("2001:db8:1:3::1")).isNotEqualTo(noProxies.key("2001:db8:1:2::1"));
        assertThat(noProxies.key("203.0.113.4")).isEqualTo("203.0.113.4");
        ClientAddressResolver per48 = new ClientAddressResolver(List.of(), 48);
        assertThat(per48.key("2001:db8:1:2::1")).isEqualTo(per48.key("2001:db8:1:ffff::1"));
        ClientAddressResolver exact = new ClientAddressResolver(List.of(), 128);
        assertThat(exact.key("2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThatThrownBy(() -> new ClientAddressResolver(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trustedPeerIsOnlyAParsedAddressInsideTheBlocks() {
        assertThat(behindProxy.isTrustedPeer("10.1.2.3")).isTrue();
        assertThat(behindProxy.isTrustedPeer("2001:db8:ffff:1::1")).isTrue();
        assertThat(behindProxy.isTrustedPeer("11.0.0.1")).isFalse();
        assertThat(behindProxy.isTrustedPeer("localhost")).isFalse();
    }
}
