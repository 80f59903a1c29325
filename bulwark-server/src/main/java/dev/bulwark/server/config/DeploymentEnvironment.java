package dev.bulwark.server.config;

import java.util.Locale;

/** {@code BULWARK_ENV}: development is forgiving and self-configuring; staging and production refuse weak settings. */
public enum DeploymentEnvironment {
    DEVELOPMENT, STAGING, PRODUCTION;

    public boolean isStrict() {
        return this != DEVELOPMENT;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeploymentEnvironment parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "development", "dev" -> DEVELOPMENT;
            case "staging" -> STAGING;
            case "production", "prod" -> PRODUCTION;
            default -> throw new IllegalArgumentException(
                    "BULWARK_ENV='" + text + "' is not known: use development, staging or production");
        };
    }
}
