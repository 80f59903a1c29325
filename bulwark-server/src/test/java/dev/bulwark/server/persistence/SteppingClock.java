package dev.bulwark.server.persistence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond forward on every reading, so creation order is strict. */
final class SteppingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli());

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.incrementAndGet());
    }
}
