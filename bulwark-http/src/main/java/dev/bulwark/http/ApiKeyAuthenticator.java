package dev.bulwark.http;

import java.util.Optional;

/** Turns a presented {@code X-API-Key} into a principal; empty for unknown or revoked keys. */
@FunctionalInterface
public interface ApiKeyAuthenticator {
    Optional<Principal> authenticate(String presentedKey);
}
