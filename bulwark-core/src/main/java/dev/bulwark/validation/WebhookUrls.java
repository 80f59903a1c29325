package dev.bulwark.validation;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Webhook URLs, checked against server-side request forgery. A URL is accepted when it is an absolute
 * {@code https} URL ({@code http} only where explicitly allowed, i.e. development) of at most 2048 characters,
 * without user-info, whose host is a public DNS name — not an IP literal in any spelling (dotted, decimal
 * {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short {@code 127.1}, bracketed IPv6), not
 * a local name ({@code localhost}, {@code .local}, {@code .internal}, {@code .home.arpa}, single labels) — and
 * <em>every</em> address the name resolves to is public by {@link PublicAddresses}. One private answer among
 * public ones refuses the URL: a client picking addresses in order could otherwise be steered to it.
 *
 * <p>The check when a URL is stored is not enough, since DNS can answer differently later (rebinding).
 * {@link #pin} repeats the check when the webhook is about to be called and returns the checked address as a
 * {@link PinnedAddress}; the caller connects to that address and nowhere else.
 */
public final class WebhookUrls {

    private static final int MAX_LENGTH = 2048;

    private final HostResolver resolver;
    private final boolean allowPlainHttp;

    /** {@code allowPlainHttp} only in development: every other environment takes {@code https} only. */
    public WebhookUrls(HostResolver resolver, boolean allowPlainHttp) {
        this.resolver = resolver;
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The URL as it is stored, or an {@link InvalidValueException} saying which rule it breaks. */
    public String check(String raw) {
        return pin(raw).url().toString();
    }

    /** Checks {@code url} again, resolving its host now, and returns the address to connect to. */
    public PinnedAddress pin(String url) {
        URI uri = syntax(url);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        List<InetAddress> addresses = resolve(host);
        for (InetAddress address : addresses) {
            Optional<String> refusal = PublicAddresses.refusal(address);
            if (refusal.isPresent()) {
                throw new InvalidValueException("the host resolves to a " + refusal.get()
                        + " address; webhooks must reach the public internet");
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return new PinnedAddress(uri, host, port, addresses.get(0));
    }

    private List<InetAddress> resolve(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            throw new InvalidValueException("the host name does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new InvalidValueException("the host name does not resolve");
        }
        return addresses;
    }

    private URI syntax(String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidValueException("must be at most " + MAX_LENGTH + " characters");
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
            throw new InvalidValueException("must have a host name (international names in their xn-- form)");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidValueException("must not have a #fragment");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") || NumericHosts.isNumeric(h)) {
            throw new InvalidValueException("must use a host name, not an IP address");
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal")
                || h.endsWith(".home.arpa") || h.endsWith(".lan") || !h.contains(".")) {
            throw new InvalidValueException("must use a public host name, not a local name");
        }
        EmailAddresses.domainToAscii(h);
        return uri;
    }
}
