package dev.bulwark.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    /** Cheap parameters so the many format tests stay fast; one test uses the real defaults. */
    private static final Argon2Parameters FAST = new Argon2Parameters(64, 1, 1);
    private static final PasswordHasher WEAK = PasswordHasher.allowWeakForTesting(FAST);

    @Test
    void defaultHasherRoundTripsWithOwaspParametersInPhcFormat() {
        PasswordHasher hasher = new PasswordHasher();
        String encoded = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse battery staple".toCharArray(), encoded)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), encoded)).isFalse();
        assertThat(hasher.needsRehash(encoded)).isFalse();
        hasher.verifyDummy("whatever".toCharArray());
        assertThat(hasher.parameters()).isEqualTo(Argon2Parameters.owaspMinimum());
    }

    @Test
    void sameLetterPasswordsHashDifferentlyAndNonAsciiRoundTrips() {
        String a = WEAK.hash("pässwörd-😀".toCharArray());
        String b = WEAK.hash("pässwörd-😀".toCharArray());
        assertThat(a).isNotEqualTo(b);
        assertThat(WEAK.verify("pässwörd-😀".toCharArray(), a)).isTrue();
        assertThat(WEAK.verify("passwörd-😀".toCharArray(), a)).isFalse();
        assertThat(WEAK.verify(new char[0], WEAK.hash(new char[0]))).isTrue();
    }

    @Test
    void verifyUsesTheParametersWrittenInTheHash() {
        String weakHash = WEAK.hash("pw".toCharArray());
        PasswordHasher strongerSettings = PasswordHasher.allowWeakForTesting(new Argon2Parameters(128, 2, 1));
        assertThat(strongerSettings.verify("pw".toCharArray(), weakHash)).isTrue();
        assertThat(strongerSettings.needsRehash(weakHash)).isTrue();
        assertThat(WEAK.needsRehash(weakHash)).isFalse();
    }

    @Test
    void interoperatesWithTheReferencePhcEncoding() {
        // Same string, re-typed by hand from the parts: proves parsing is by the PHC grammar.
        String encoded = WEAK.hash("pw".toCharArray());
        String[] parts = encoded.split("\\$");
        String rebuilt = "$argon2id$v=19$m=64,t=1,p=1$" + parts[4] + "$" + parts[5];
        assertThat(WEAK.verify("pw".toCharArray(), rebuilt)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "plaintext",
            "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2d$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$t=1,m=64,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=-64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaA",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$!!!!",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA$extra",
            "$argon2id$v=19$m=six,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"})
    void malformedStoredHashesVerifyFalseAndNeedRehash(String encoded) {
        assertThat(WEAK.verify("pw".toCharArray(), encoded)).isFalse();
        assertThat(WEAK.needsRehash(encoded)).isTrue();
    }

    @Test
    void tamperedHashDoesNotVerify() {
        String encoded = WEAK.hash("pw".toCharArray());
        char last = encoded.charAt(encoded.length() - 2);
        String tampered = encoded.substring(0, encoded.length() - 2) + (last == 'A' ? 'B' : 'A') + encoded.charAt(encoded.length() - 1);
        assertThat(WEAK.verify("pw".toCharArray(), tampered)).isFalse();
    }

    @Test
    void refusesParametersBelowOwaspUnlessExplicitlyForTesting() {
        assertThatThrownBy(() -> new PasswordHasher(new Argon2Parameters(19_455, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OWASP");
        assertThatThrownBy(() -> new PasswordHasher(new Argon2Parameters(19_456, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Argon2Parameters.owaspMinimum()).isEqualTo(new Argon2Parameters(19_456, 2, 1));
        assertThat(new Argon2Parameters(65_536, 3, 2).meetsOwaspMinimum()).isTrue();
        assertThatThrownBy(() -> new Argon2Parameters(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(8, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(64, 65, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void differentParametersNeedRehash() {
        PasswordHasher other = PasswordHasher.allowWeakForTesting(new Argon2Parameters(64, 1, 2));
        assertThat(other.needsRehash(WEAK.hash("pw".toCharArray()))).isTrue();
    }

    @Test
    void loneSurrogatesCannotBeHashedAndNeverVerify() {
        char[] broken = {'a', '\uD800', 'b'};
        assertThatThrownBy(() -> WEAK.hash(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WEAK.verify(broken, WEAK.hash("a?b".toCharArray()))).isFalse();
    }

    @Test
    void dummyVerifyAnswersNothingAndDoesNotThrow() {
        WEAK.verifyDummy("anything".toCharArray());
        WEAK.verifyDummy(new char[0]);
    }

    @Test
    void callersPasswordArrayIsLeftIntact() {
        char[] password = "secret".toCharArray();
        String encoded = WEAK.hash(password);
        assertThat(password).containsExactly('s', 'e', 'c', 'r', 'e', 't');
        assertThat(WEAK.verify(password, encoded)).isTrue();
    }
}
