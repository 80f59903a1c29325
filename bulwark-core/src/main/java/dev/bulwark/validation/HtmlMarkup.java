package dev.bulwark.validation;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The one way to accept HTML in a field: the OWASP Java HTML Sanitizer with an allow-list of inline formatting,
 * lists, paragraphs and links to {@code https} URLs (which get {@code rel="nofollow noopener noreferrer"}).
 * Everything else — scripts, styles, event handlers, other URL schemes, unknown elements — is dropped, not
 * escaped. <b>No field of the API accepts markup today</b>: every text field is plain text and is stored as
 * sent (after {@link TextRules}); this is for a future field that declares it allows markup.
 */
public final class HtmlMarkup {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("b", "i", "em", "strong", "code", "pre", "p", "br", "ul", "ol", "li", "blockquote", "a")
            .allowUrlProtocols("https")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .toFactory();

    private HtmlMarkup() {
    }

    /** The sanitised HTML of {@code raw}, after the {@link TextRules#freeText} checks (controls, length). */
    public static String sanitise(String raw, int max) {
        return POLICY.sanitize(TextRules.freeText(raw, max));
    }
}
