package dev.bulwark.tools.audit;

import java.util.Locale;

/**
 * One audit check's fixed description — id, title, severity, the OWASP ASVS 4.0.3 requirement it maps to, and how
 * to fix a failure — and the three ways it can come out. The fix may say {@code {env}}, replaced with the audited
 * environment. Details say what was found and never a secret's value.
 */
record Check(String id, String title, Severity severity, String asvs, String fix) {

    enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Status {
        PASS, FAIL, WARN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One check's outcome, as the report shows it. */
    record Result(Check check, Status status, String detail) {
    }

    Result pass(String detail) {
        return new Result(this, Status.PASS, detail);
    }

    Result fail(String detail) {
        return new Result(this, Status.FAIL, detail);
    }

    Result warn(String detail) {
        return new Result(this, Status.WARN, detail);
    }

    /** Fails outside development, warns in it: for settings development may leave weak. */
    Result failUnlessDevelopment(Deployment d, String detail) {
        return d.isDevelopment() ? warn(detail + " (acceptable in development only)") : fail(detail);
    }
}
