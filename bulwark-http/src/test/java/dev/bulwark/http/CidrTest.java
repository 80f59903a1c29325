package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void containsAddressesOfItsOwnFamilyInsideThePrefix() {
        Cidr v4 = Cidr.parse("192.168.0.0/16");
        assertThat(v4.contains("192.168.255.1")).isTrue();
        assertThat(v4.contains("192.169.0.1")).isFalse();
        assertThat(v4.contains("::ffff:192.168.1.1")).isTrue();
        assertThat(v4.contains("2001:db8::1")).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertThat(v6.contains("2001:db8:ffff::1")).isTrue();
        assertThat(v6.contains("2001:db9::1")).isFalse();
        assertThat(Cidr.parse("203.0.113.5").contains("203.0.113.5")).isTrue();
        assertThat(Cidr.parse("203.0.113.5").contains("203.0.113.6")).isFalse();
    }

    @Test
    void hostBitsAreMaskedAndEqualBlocksAreEqual() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Cidr.parse("0.0.0.0/0").matchesEverything()).isTrue();
    }

    @Test
    void rejectsHostNamesAndBadPrefixes() {
        for (String bad : new String[] {"example.com/8", "10.0.0.0/33", "10.0.0.0/x", "::/129", "10.0.0/8", ""}) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Cidr.parse("10.0.0.0/8").contains("not an ip")).isFalse();
    }
}
