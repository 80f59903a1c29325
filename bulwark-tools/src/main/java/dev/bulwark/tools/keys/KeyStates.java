package dev.bulwark.tools.keys;

import dev.bulwark.token.KeyRing;
import dev.bulwark.token.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each key of a ring with its state. The newest key is active (it signs). Every other key is retiring: it stopped
 * signing when the next newer key was created ({@code retiredAt}), so the last token it signed expires at most
 * one token lifetime (plus clock skew) after that — not after its own creation, which can be long before.
 */
record KeyStates(List<State> keys) {

    record State(SigningKey key, boolean active, Optional<Instant> retiredAt) {
    }

    static KeyStates of(KeyRing ring) {
        List<SigningKey> newestFirst = ring.keys();
        List<State> states = new ArrayList<>(newestFirst.size());
        for (int i = 0; i < newestFirst.size(); i++) {
            Optional<Instant> retired = i == 0 ? Optional.empty() : Optional.of(newestFirst.get(i - 1).createdAt());
            states.add(new State(newestFirst.get(i), i == 0, retired));
        }
        return new KeyStates(states);
    }
}
