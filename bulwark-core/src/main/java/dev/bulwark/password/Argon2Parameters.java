package dev.bulwark.password;

/**
 * Argon2id cost parameters.
 *
 * @param memoryKiB   memory per hash, KiB ({@code m})
 * @param iterations  passes over that memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

    /** Largest values accepted, also when read from a stored hash, so a tampered row cannot exhaust memory. */
    static final int MAX_MEMORY_KIB = 256 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;

    public Argon2Parameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be between 8 × parallelism and " + MAX_MEMORY_KIB);
        }
    }

    /** OWASP Password Storage Cheat Sheet minimum for Argon2id: m=19456 KiB (19 MiB), t=2, p=1. */
    public static Argon2Parameters owaspMinimum() {
        return new Argon2Parameters(19_456, 2, 1);
    }

    /** True when no parameter is below OWASP's minimum. */
    public boolean meetsOwaspMinimum() {
        Argon2Parameters min = owaspMinimum();
        return memoryKiB >= min.memoryKiB && iterations >= min.iterations && parallelism >= min.parallelism;
    }
}
