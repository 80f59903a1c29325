package dev.bulwark.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/** A MicrosClock moved by hand. */
final class FakeClock implements MicrosClock {
    private final AtomicLong now;

    FakeClock(long startMicros) {
        this.now = new AtomicLong(startMicros);
    }

    @Override
    public long nowMicros() {
        return now.get();
    }

    void advance(long micros) {
        now.addAndGet(micros);
    }

    void set(long micros) {
        now.set(micros);
    }
}
