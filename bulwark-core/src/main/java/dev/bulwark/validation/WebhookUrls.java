package dev.bulwark.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Webhook URLs: absolute {@code https} URLs ({@code http} only where explicitly allowed, i.e. development) with
 * a host name, no user-info and at most 2048 characters. Hosts that are IP literals or spell a local name are
 * refused here; resolving names and checking every address they resolve to (DNS rebinding, private ranges) is
 * done when the webhook is called, not when it is stored.
 */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    public static String check(String raw, boolean allowPlainHttp) {
        if (raw.length() > 2048) {
            throw new InvalidValueException("must be at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw new InvalidValueException(allowPlainHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValueException("must not contain a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidValueException("must have a host name");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                || isHexNumeric(h) || h.equals("localhost") || h.endsWith(".localhost")
                || h.endsWith(".local") || h.endsWith(".internal") || !h.contains(".")) {
            throw new InvalidValueException("must use a public host name, not an IP address or a local name");
        }
        EmailAddresses.domainToAscii(h);
        return uri.toString();
    }

    /** True for hosts like {@code 0x7f.0x1} or {@code 0x7f000001}: numeric IPv4 in hexadecimal. */
    private static boolean isHexNumeric(String host) {
        for (String label : host.split("\\.")) {
            if (!label.startsWith("0x") || label.length() == 2
                    || !label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
