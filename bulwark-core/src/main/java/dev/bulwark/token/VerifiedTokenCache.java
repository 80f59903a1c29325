package dev.bulwark.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;

/**
 * Remembers tokens whose signature and claims have been verified, so the second use of a token
 * costs a hash and a lookup instead of a signature check (the most expensive step of a request).
 *
 * <p>Invariants:
 * <ul>
 *   <li>Keyed by the SHA-256 of the token string, never the token: a heap dump of the cache holds
 *       no credential, and any change to the token — one flipped bit — is a different key.</li>
 *   <li>Bounded: at most {@code maximumSize} entries (Caffeine's W-TinyLFU eviction).</li>
 *   <li>An entry lives no longer than its token's {@code exp} and never longer than
 *       {@link #MAX_ENTRY_LIFETIME} (a per-entry variable expiry).</li>
 *   <li>A hit is not an acceptance. {@link AccessTokenVerifier} re-checks on every hit that the key
 *       is still in the ring, issuer and audience, {@code exp}/{@code nbf}/{@code iat} against the
 *       clock, and revocation. Only parsing and the signature check are skipped.</li>
 * </ul>
 *
 * <p>Thread-safe. One cache per verifier is the intended use; sharing one between verifiers is
 * still safe because the entry records the issuer, audience and key it was verified against.
 */
public final class VerifiedTokenCache {

    /** Upper bound on an entry's life, whatever the token's {@code exp}. */
    public static final Duration MAX_ENTRY_LIFETIME = Duration.ofMinutes(5);

    private final Cache<TokenHash, Entry> cache;

    /**
     * @param maximumSize the most tokens remembered; must be positive (use {@link #disabled()} for none)
     */
    public VerifiedTokenCache(long maximumSize) {
        if (maximumSize <= 0) {
            throw new IllegalArgumentException("maximumSize must be positive; use VerifiedTokenCache.disabled()");
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new PerEntryExpiry())
                .build();
    }

    private VerifiedTokenCache() {
        this.cache = null;
    }

    /** A cache that remembers nothing: every verification checks the signature. */
    public static VerifiedTokenCache disabled() {
        return new VerifiedTokenCache();
    }

    /** Forgets every token, e.g. after a key was withdrawn from the ring. */
    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    boolean enabled() {
        return cache != null;
    }

    Entry get(TokenHash hash) {
        return cache == null ? null : cache.getIfPresent(hash);
    }

    /** Stores an entry for {@code lifetime}, capped at {@link #MAX_ENTRY_LIFETIME}; no-op when not positive. */
    void put(TokenHash hash, Entry entry) {
        if (cache != null && entry.lifetimeNanos() > 0) {
            cache.put(hash, entry);
        }
    }

    long estimatedSize() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** What a hit needs to re-check everything except the signature. */
    record Entry(AccessTokenClaims claims, SigningKey key, String issuer, List<String> audience, long lifetimeNanos) {

        static Entry of(AccessTokenClaims claims, SigningKey key, String issuer, List<String> audience, Duration untilExp) {
            long nanos = untilExp.isNegative() ? 0 : min(untilExp, MAX_ENTRY_LIFETIME).toNanos();
            return new Entry(claims, key, issuer, List.copyOf(audience), nanos);
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }

    /** SHA-256 of a token, as four longs (immutable, cheap equals/hashCode). */
    record TokenHash(long a, long b, long c, long d) {

        static TokenHash of(String token) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JDK", e);
            }
            ByteBuffer digest = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        }
    }

    private static final class PerEntryExpiry implements Expiry<TokenHash, Entry> {
        @Override
        public long expireAfterCreate(TokenHash key, Entry value, long currentTime) {
            return value.lifetimeNanos();
        }

        @Override
        public long expireAfterUpdate(TokenHash key, Entry value, long currentTime, long currentDuration) {
            return value.lifetimeNanos();
        }

        @Override
        public long expireAfterRead(TokenHash key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
