package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamesAndAddressesTest {

    @Test
    void fileNamesAndPaths() {
        assertThat(FileNames.name("report 2024 (final).pdf")).isEqualTo("report 2024 (final).pdf");
        assertThat(FileNames.name("100% done.txt")).isEqualTo("100% done.txt");
        assertThat(FileNames.relativePath("docs/guide/intro.md")).isEqualTo("docs/guide/intro.md");
        for (String bad : List.of("", "..", ".", "a/b", "a\\b", "nul\u0000.txt", "CON", "con.txt", "Lpt1.log",
                "a.txt.", "a.txt ", "file:stream", "%2e%2e", "%252e%252e", "%25252e%25252e%25252e", "%c0%ae%c0%ae",
                "x\u202Etxt.exe", "bell\u0007")) {
            assertThatThrownBy(() -> FileNames.name(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
        for (String bad : List.of("/etc/passwd", "../x", "a/../../b", "a//b", "a/./b", "C:\\x", "\\\\server\\s",
                "a%2f..%2fb", "a%252f..%252f..%252fb", "..%5c..%5cwin.ini", "ok/" + "x".repeat(1100))) {
            assertThatThrownBy(() -> FileNames.relativePath(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void everyNonPublicRangeIsRefusedAndPublicOnesPass() throws Exception {
        for (String address : List.of("0.0.0.0", "127.0.0.1", "127.255.1.2", "10.1.2.3", "172.16.0.1",
                "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "192.0.2.1",
                "198.51.100.7", "203.0.113.9", "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1",
                "255.255.255.255", "::", "::1", "::127.0.0.1", "::ffff:10.0.0.1", "fc00::1", "fd12:3456::1",
                "fe80::1", "fec0::1", "ff02::1", "64:ff9b::a00:1", "2002:a00:1::", "2001::1", "2001:db8::1",
                "100::1", "4000::1")) {
            assertThat(PublicAddresses.refusal(InetAddress.getByName(address))).as(address).isPresent();
        }
        for (String address : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "1.1.1.1",
                "2606:4700:4700::1111", "2a00:1450:4001:80b::200e")) {
            assertThat(PublicAddresses.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    @Test
    void pinReturnsTheCheckedAddressAndRefusesARebind() throws Exception {
        List<List<String>> answers = new java.util.ArrayList<>(List.of(List.of("93.184.215.14"),
                List.of("127.0.0.1")));
        HostResolver rebinding = host -> List.of(InetAddress.getByName(answers.remove(0).get(0)));
        WebhookUrls webhooks = new WebhookUrls(rebinding, false);
        PinnedAddress pinned = webhooks.pin("https://hooks.example.com:8443/x");
        assertThat(pinned.host()).isEqualTo("hooks.example.com");
        assertThat(pinned.socketAddress().getPort()).isEqualTo(8443);
        assertThat(pinned.address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThatThrownBy(() -> webhooks.pin("https://hooks.example.com:8443/x"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("loopback");
    }

    @Test
    void markupIsSanitisedToTheAllowList() {
        String clean = HtmlMarkup.sanitise("<p onclick=\"x()\">Hi <b>there</b><script>alert(1)</script>"
                + "<a href=\"javascript:alert(1)\">x</a><a href=\"https://example.com\">y</a></p>", 2000);
        assertThat(clean).contains("<b>there</b>", "href=\"https://example.com\"", "nofollow")
                .doesNotContain("script", "onclick", "javascript");
    }
}
