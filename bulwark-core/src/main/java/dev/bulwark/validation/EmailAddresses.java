package dev.bulwark.validation;

import java.net.IDN;
import java.util.Locale;

/**
 * Email addresses as accounts are keyed by. The accepted form is the everyday one: a dot-atom local part
 * (RFC 5322) of at most 64 octets and a host name of valid labels, at most 254 octets in all (RFC 5321).
 * Quoted local parts, comments and IP-literal domains are legal but exotic, and a common way to smuggle
 * characters past later parsers, so they are refused. The domain is converted to ASCII (IDNA) and
 * lower-cased; the local part keeps its case, as RFC 5321 says it may matter.
 */
public final class EmailAddresses {

    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private EmailAddresses() {
    }

    public static String normalise(String raw) {
        if (raw.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        if (raw.length() > 320) {
            throw new InvalidValueException("must be at most 254 characters");
        }
        int at = raw.lastIndexOf('@');
        if (at <= 0 || at == raw.length() - 1 || raw.indexOf('@') != at) {
            throw new InvalidValueException("must be an address like name@example.com");
        }
        String local = raw.substring(0, at);
        String domain = domainToAscii(raw.substring(at + 1));
        checkLocalPart(local);
        String address = local + "@" + domain;
        if (address.length() > 254) {
            throw new InvalidValueException("must be at most 254 characters");
        }
        return address;
    }

    private static void checkLocalPart(String local) {
        if (local.length() > 64) {
            throw new InvalidValueException("the part before @ must be at most 64 characters");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidValueException("the part before @ must not start or end with a dot or have two in a row");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                throw new InvalidValueException("the part before @ has a character that is not allowed");
            }
        }
    }

    static String domainToAscii(String domain) {
        if (domain.startsWith("[")) {
            throw new InvalidValueException("IP-literal domains are not accepted");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, 0).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("the domain is not a valid host name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            throw new InvalidValueException("the domain must be a full host name such as example.com");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new InvalidValueException("the domain is not a valid host name");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    throw new InvalidValueException("the domain is not a valid host name");
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.chars().allMatch(Character::isDigit)) {
            throw new InvalidValueException("the domain must be a host name, not an IP address");
        }
        return ascii;
    }
}
