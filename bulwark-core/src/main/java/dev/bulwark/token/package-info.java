/**
 * Access tokens: signing keys and their storage ({@link dev.bulwark.token.KeyDirectory},
 * {@link dev.bulwark.token.KeyRing}), issuing ({@link dev.bulwark.token.AccessTokenIssuer}) and
 * verifying ({@link dev.bulwark.token.AccessTokenVerifier}, with
 * {@link dev.bulwark.token.VerifiedTokenCache}).
 *
 * <pre>{@code
 * KeyRing ring = KeyDirectory.load(Path.of("data/keys"));
 * AccessTokenIssuer issuer = new AccessTokenIssuer(ring, "bulwark", "bulwark-api", Duration.ofMinutes(15), clock);
 * IssuedToken t = issuer.issue(userId, tenantId, "owner", List.of("projects:read"), sessionId);
 *
 * AccessTokenVerifier verifier = new AccessTokenVerifier(() -> ring, "bulwark", "bulwark-api",
 *         Duration.ofSeconds(30), clock, revocations, new VerifiedTokenCache(100_000));
 * AccessTokenClaims claims = verifier.verify(t.token());   // throws TokenRejectedException
 * }</pre>
 */
package dev.bulwark.token;
