package dev.bulwark.token;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys one server knows, immutable: the newest key (by {@code createdAt}; ties broken by kid so
 * every server picks the same one) signs, every key verifies.
 *
 * <p>Rotation is a new ring: add a key and build a new {@code KeyRing}; tokens signed by the older
 * keys keep verifying until those keys are removed. Issuers and verifiers read the ring through a
 * {@code Supplier<KeyRing>}, so swapping the ring needs no restart.
 */
public final class KeyRing {

    private static final Comparator<SigningKey> NEWEST_FIRST =
            Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid).reversed();

    private final SigningKey active;
    private final List<SigningKey> keys;
    private final Map<String, SigningKey> byKid;

    private KeyRing(List<SigningKey> newestFirst) {
        this.keys = List.copyOf(newestFirst);
        this.active = keys.get(0);
        Map<String, SigningKey> index = new LinkedHashMap<>();
        for (SigningKey key : keys) {
            if (index.putIfAbsent(key.kid(), key) != null) {
                throw new IllegalArgumentException("two keys share the kid " + key.kid());
            }
        }
        this.byKid = Map.copyOf(index);
    }

    /**
     * @throws IllegalArgumentException when {@code keys} is empty or two keys share a kid
     */
    public static KeyRing of(List<SigningKey> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key");
        }
        List<SigningKey> sorted = new ArrayList<>(keys);
        sorted.forEach(k -> Objects.requireNonNull(k, "key"));
        sorted.sort(NEWEST_FIRST);
        return new KeyRing(sorted);
    }

    /** The key new tokens are signed with: the newest one. */
    public SigningKey active() {
        return active;
    }

    /**
     * The key with this kid. The kid is only ever a map key: never a path, a query or a URL, so a
     * kid such as {@code ../../dev/null} is simply unknown.
     */
    public Optional<SigningKey> byKid(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
    }

    /** All keys, newest first. */
    public List<SigningKey> keys() {
        return keys;
    }

    /**
     * The RFC 7517 JWK Set of the public keys, newest first: {@code {"keys":[{...}, ...]}}, each with
     * {@code kid}, {@code alg} and {@code use}. Never contains a private member.
     */
    public Map<String, Object> publicJwks() {
        List<Map<String, Object>> jwks = new ArrayList<>(keys.size());
        for (SigningKey key : keys) {
            jwks.add(key.publicJwk().toJSONObject());
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("keys", jwks);
        return set;
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + active.kid() + ", keys=" + keys.size() + "]";
    }
}
