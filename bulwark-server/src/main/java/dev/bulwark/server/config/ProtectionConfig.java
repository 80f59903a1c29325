package dev.bulwark.server.config;

import dev.bulwark.guard.BruteForceGuard;
import dev.bulwark.guard.DdosGuard;
import dev.bulwark.http.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * The edge-protection settings (README, "Protection"): how clients are keyed, the DDoS guard, the brute-force
 * guard and the connection timeout.
 *
 * @param ipv6Prefix   {@code BULWARK_IPV6_PREFIX}: IPv6 clients are keyed by this prefix (default 64)
 * @param ddos         {@code BULWARK_DDOS_*}
 * @param ddosAllowlist {@code BULWARK_DDOS_ALLOWLIST}: CIDRs the DDoS guard never counts
 * @param bruteForce   {@code BULWARK_LOGIN_*} and {@code BULWARK_ADDRESS_*}
 * @param idleTimeout  {@code BULWARK_IDLE_TIMEOUT}: a connection that sends nothing for this long is closed
 */
public record ProtectionConfig(int ipv6Prefix, DdosGuard.Settings ddos, List<Cidr> ddosAllowlist,
                               BruteForceGuard.Settings bruteForce, Duration idleTimeout) {

    public ProtectionConfig {
        ddosAllowlist = List.copyOf(ddosAllowlist);
    }

    public static ProtectionConfig defaults() {
        return new ProtectionConfig(64, DdosGuard.Settings.defaults(), List.of(), BruteForceGuard.Settings.defaults(),
                Duration.ofSeconds(10));
    }
}
