package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.sync.StateChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeMessagesTest {

    @Test
    void roundTripsEveryKindWithFullPrecisionAndPipesInTheSubject() {
        Instant micros = Instant.parse("2030-01-01T00:00:00.123456Z");
        for (StateChange c : new StateChange[] {
                new StateChange(1, StateChange.Kind.TOKEN_REVOKED, "j|t|i", micros),
                new StateChange(2, StateChange.Kind.SESSION_REVOKED, "sid", micros),
                new StateChange(3, StateChange.Kind.USER_REVOKED_BEFORE, "user", Instant.EPOCH),
                new StateChange(4, StateChange.Kind.ADDRESS_BLOCKED, "2001:db8::/64", null),
                new StateChange(Long.MAX_VALUE, StateChange.Kind.ADDRESS_UNBLOCKED, "203.0.113.1", null)}) {
            assertThat(ChangeMessages.decode(ChangeMessages.encode(c))).isEqualTo(c);
        }
        assertThat(ChangeMessages.encode(new StateChange(42, StateChange.Kind.TOKEN_REVOKED, "abc",
                Instant.parse("2030-01-01T00:15:00Z")))).isEqualTo("1|42|TOKEN_REVOKED|2030-01-01T00:15:00Z|abc");
    }

    @Test
    void dropsWhatItDoesNotUnderstand() {
        for (String bad : new String[] {null, "", "garbage", "2|1|TOKEN_REVOKED||x", "1|x|TOKEN_REVOKED||x",
                "1|1|NOPE||x", "1|1|TOKEN_REVOKED|yesterday|x", "1|1|TOKEN_REVOKED||x", "1|0|ADDRESS_BLOCKED||x",
                "1|1|ADDRESS_BLOCKED||"}) {
            assertThat(ChangeMessages.decode(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
