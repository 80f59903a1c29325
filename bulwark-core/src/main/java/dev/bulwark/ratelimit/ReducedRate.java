package dev.bulwark.ratelimit;

/**
 * A refill rate of {@code limit} tokens per {@code period} µs written in lowest terms: {@code
 * tokens} tokens every {@code micros} µs. Both continuous algorithms count in units of {@code
 * 1/micros} of a token ("token-units"): one token is {@code micros} units and every microsecond
 * adds {@code tokens} units, so refill is exact integer arithmetic with no rounding to drift.
 * Reducing the fraction first keeps the numbers small (600 per minute becomes 1 per 100 000 µs).
 */
record ReducedRate(long tokens, long micros) {

    static ReducedRate of(long limit, long periodMicros) {
        long g = IntegerMath.gcd(limit, periodMicros);
        return new ReducedRate(limit / g, periodMicros / g);
    }

    /** One token in token-units. */
    long unitsPerToken() {
        return micros;
    }

    /** Token-units added per elapsed microsecond. */
    long unitsPerMicro() {
        return tokens;
    }
}
