package dev.bulwark.token;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key ring of a key directory, kept current: {@code bulwark keys rotate} and {@code keys prune} take effect on
 * a running server within one check interval, without a restart.
 *
 * <p>How. {@link #get()} returns the current ring (a volatile read). At most once per interval, the one caller
 * that wins a compare-and-set on the next-check time lists the directory and compares a fingerprint of it (the
 * name, size and modification time of every file) with the last one; only when it changed is the directory loaded
 * again with {@link KeyDirectory#load}, with every check that implies (permissions, strength, duplicate kids). So
 * the steady-state cost is one directory listing per interval on one request thread, and no background thread
 * needs starting or stopping.
 *
 * <p>Failure. A directory that cannot be loaded (a half-copied file, permissions opened up, every key removed)
 * does not replace the ring: the server keeps signing and verifying with the keys it had, logs a WARN naming the
 * problem, and tries again at the next interval. A broken key change must never take a running server down.
 *
 * <p>Limits. Several instances pick a rotation up independently, each within one interval; until all have, a token
 * signed with the new key by one instance may be refused by another. Rotate, wait an interval, then rely on the new
 * key — or rotate in a quiet moment. Relying parties that cache the JWKS must refetch it on an unknown {@code kid}.
 */
public final class ReloadingKeyRing implements Supplier<KeyRing> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyRing.class);

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Path dir;
    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLong nextCheckMillis;
    private volatile KeyRing ring;
    private volatile List<String> fingerprint; // written only by the thread that won the check

    public ReloadingKeyRing(Path dir, KeyRing initial, Clock clock, Duration interval) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.ring = Objects.requireNonNull(initial, "initial");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.intervalMillis = interval.toMillis();
        this.fingerprint = fingerprint(dir);
        this.nextCheckMillis = new AtomicLong(clock.millis() + intervalMillis);
    }

    @Override
    public KeyRing get() {
        long now = clock.millis();
        long due = nextCheckMillis.get();
        if (now >= due && nextCheckMillis.compareAndSet(due, now + intervalMillis)) {
            reloadIfChanged();
        }
        return ring;
    }

    private void reloadIfChanged() {
        List<String> current = fingerprint(dir);
        if (current.equals(fingerprint)) {
            return;
        }
        try {
            KeyRing loaded = KeyDirectory.load(dir);
            String before = ring.active().kid();
            ring = loaded;
            fingerprint = current;
            LOG.info("Signing keys reloaded from {}: {} key(s), active kid {} (was {})", dir.toAbsolutePath(),
                    loaded.keys().size(), loaded.active().kid(), before);
        } catch (KeyLoadException | IllegalArgumentException e) {
            // The fingerprint is not updated, so the next interval tries again.
            LOG.warn("Signing keys in {} changed but cannot be loaded; keeping the {} key(s) in use: {}",
                    dir.toAbsolutePath(), ring.keys().size(), e.getMessage());
        }
    }

    private static List<String> fingerprint(Path dir) {
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // the lock and temporary files
                }
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                entries.add(name + "|" + attrs.size() + "|" + attrs.lastModifiedTime().toMillis());
            }
        } catch (IOException e) {
            entries.add("unreadable: " + e.getClass().getSimpleName());
        }
        entries.sort(null);
        return entries;
    }
}
