package dev.bulwark.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM by {@link KeyDirectoryTest}: waits for the go file, then races the other
 * contenders to {@link KeyDirectory#loadOrGenerate} and prints the active kid.
 */
public final class KeyDirectoryContender {

    private KeyDirectoryContender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path go = Path.of(args[1]);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        KeyRing ring = KeyDirectory.loadOrGenerate(dir, SigningAlgorithm.EdDSA, Clock.systemUTC());
        System.out.println("KID=" + ring.active().kid() + " KEYS=" + ring.keys().size());
    }
}
