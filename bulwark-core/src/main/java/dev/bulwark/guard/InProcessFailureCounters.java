package dev.bulwark.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@link FailureCounters} in a Caffeine cache capped at {@code maxKeys}: an attacker filling it with fresh keys
 * evicts old counters (forgets some failures), never grows memory. Each entry expires at its own {@code until}.
 */
public final class InProcessFailureCounters implements FailureCounters {

    private record Entry(long count, Instant last, Instant until) {
    }

    private final Clock clock;
    private final Cache<String, Entry> entries;

    public InProcessFailureCounters(Clock clock, int maxKeys) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry value, long currentTime) {
                        return left(value);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
                        return left(value);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Failures get(String key) {
        Entry e = entries.getIfPresent(key);
        if (e == null || !e.until().isAfter(clock.instant())) {
            return Failures.NONE;
        }
        return new Failures(e.count(), e.last());
    }

    @Override
    public long recordFailure(String key, Instant now, Duration window) {
        Entry updated = entries.asMap().compute(key, (k, old) -> {
            long count = old == null || !old.until().isAfter(now) ? 1 : old.count() + 1;
            return new Entry(count, now, now.plus(window));
        });
        return updated.count();
    }

    @Override
    public void reset(String key) {
        entries.invalidate(key);
    }

    private long left(Entry value) {
        long millis = Math.max(0, value.until().toEpochMilli() - clock.millis());
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
