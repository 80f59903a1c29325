package dev.bulwark.ratelimit;

/**
 * Exact sliding-window log: the key keeps the timestamp of every admitted unit of cost, as a Redis
 * sorted set would; a hit at {@code h} counts while {@code now < h + period}, i.e. the window is
 * {@code (now - period, now]}. A request of cost {@code c} is admitted when the hits in the window
 * plus {@code c} are at most {@code limit}, and then adds {@code c} hits at {@code now}.
 *
 * <p><b>Why.</b> It is the only algorithm here with no approximation: in every interval of length
 * {@code period}, wherever it starts, at most {@code limit} are admitted, and there is no boundary
 * to game as with {@link FixedWindow}. That is what brute-force protection on login and
 * registration wants. Memory is one {@code long} per admitted hit still in the window (at most
 * {@code limit} per key), so it suits small limits; use a token bucket for large ones.
 *
 * <p><b>Representation.</b> A ring buffer of timestamps in non-decreasing order, grown on demand
 * up to {@code limit} entries, plus the latest time seen. Unlike the other algorithms the state is
 * mutated in place and returned: copying up to {@code limit} entries per decision would cost more
 * than the decision. That is safe because the caller serialises decisions per key and never
 * shares the state otherwise.
 *
 * <p><b>Invariants.</b> {@code size <= limit}; entries ascending; every entry {@code <=
 * latestMicros}; after pruning, every entry is {@code > time - period}; a rejected request adds
 * nothing.
 *
 * <p><b>Time going backwards.</b> The log's time is {@code max(now, latestMicros)}: a clock step
 * back neither expires fewer hits than were already expired nor lets a hit be recorded out of
 * order, so it can never admit more; hits expire again once the clock has caught up. Durations
 * are measured from the log's time.
 *
 * <p><b>Values.</b> {@code remaining = limit - size}; {@code reset} = µs until the newest hit
 * leaves (the log is empty, the full limit available); on rejection {@code retryAfter} = µs until
 * enough of the oldest hits have left for {@code cost} to fit, or one period when {@code cost >
 * limit}.
 */
final class SlidingWindow implements LimitAlgorithm<SlidingWindow.Log> {

    private static final int INITIAL_CAPACITY = 8;

    /** The admitted hits of one key. Guarded by the caller's per-key serialisation. */
    static final class Log {
        private long[] hits;
        private int head;
        private int size;
        private long latestMicros;

        Log(int capacity, long nowMicros) {
            this.hits = new long[capacity];
            this.latestMicros = nowMicros;
        }

        int size() {
            return size;
        }

        private long get(int i) {
            return hits[(head + i) % hits.length];
        }

        private long newest() {
            return get(size - 1);
        }

        private void dropExpired(long horizon) {
            while (size > 0 && hits[head] <= horizon) {
                head = (head + 1) % hits.length;
                size--;
            }
        }

        private void add(long time, long count, long maxSize) {
            int needed = Math.toIntExact(size + count);
            if (needed > hits.length) {
                long[] grown = new long[(int) Math.min(maxSize, Math.max(needed, 2L * hits.length))];
                for (int i = 0; i < size; i++) {
                    grown[i] = get(i);
                }
                hits = grown;
                head = 0;
            }
            for (long i = 0; i < count; i++) {
                hits[(head + size) % hits.length] = time;
                size++;
            }
        }
    }

    private final RateLimit limit;

    SlidingWindow(RateLimit limit) {
        if (limit.limit() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sliding_window keeps every hit; limit " + limit.limit()
                    + " is too large, use token_bucket");
        }
        this.limit = limit;
    }

    @Override
    public Outcome<Log> decide(Log log, long nowMicros, long cost) {
        long period = limit.periodMicros();
        long max = limit.limit();
        if (log == null) {
            log = new Log((int) Math.min(max, INITIAL_CAPACITY), nowMicros);
        }
        long time = Math.max(nowMicros, log.latestMicros);
        log.latestMicros = time;
        log.dropExpired(time - period);

        boolean allowed = cost <= max && log.size <= max - cost;
        long retryAfter = 0;
        if (allowed) {
            log.add(time, cost, max);
        } else if (cost > max) {
            retryAfter = period;
        } else {
            // The oldest (size + cost - limit) hits must leave; the last of them leaves at its time + period.
            int mustLeave = (int) (log.size + cost - max);
            retryAfter = log.get(mustLeave - 1) + period - time;
        }
        long reset = log.size == 0 ? 0 : log.newest() + period - time;
        return new Outcome<>(new RateLimitDecision(allowed, max, max - log.size, reset, retryAfter), log);
    }

    @Override
    public long idleMicrosUntilNeutral() {
        return limit.periodMicros();
    }
}
