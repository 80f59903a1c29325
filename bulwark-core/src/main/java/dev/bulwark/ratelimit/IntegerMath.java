package dev.bulwark.ratelimit;

/** The few integer operations the algorithms share; kept in one place so the Lua ports match. */
final class IntegerMath {

    /**
     * The largest integer a Lua 5.1 number (an IEEE double) holds exactly. State values are kept
     * below it so the Redis scripts compute what Java computes.
     */
    static final long MAX_EXACT = 1L << 53;

    private IntegerMath() {
    }

    /** {@code ceil(a / b)} for {@code a >= 0, b > 0}. (Math.ceilDiv arrives only in Java 18.) */
    static long ceilDiv(long a, long b) {
        long q = a / b;
        return a % b == 0 ? q : q + 1;
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code a * b} for non-negative operands, saturating at {@link Long#MAX_VALUE}. */
    static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** {@code a + b} for non-negative operands, saturating at {@link Long#MAX_VALUE}. */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
