package dev.bulwark.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a {@code redis-server} executable: the system one when it is on the {@code PATH}, else the
 * one shipped in the {@code com.github.codemonstur:embedded-redis} jar (Redis 6.2 builds named
 * {@code redis-server-<version>-<os>-<arch>} at the jar's root), copied to a temp file once per JVM.
 */
final class RedisBinary {

    private static final Object LOCK = new Object();
    private static Path extracted; // one copy per JVM; guarded by LOCK

    private RedisBinary() {
    }

    /** The system binary if there is one, else the shipped one. */
    static Path find() {
        return onPath("redis-server").orElseGet(RedisBinary::shipped);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The binary from the embedded-redis jar for this OS and architecture, extracted and executable. */
    static Path shipped() {
        synchronized (LOCK) {
            if (extracted != null && Files.isExecutable(extracted)) {
                return extracted;
            }
            String resource = shippedResourceName();
            try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("no redis-server on the PATH and " + resource
                            + " is not on the class path (is com.github.codemonstur:embedded-redis a dependency?)");
                }
                Path file = Files.createTempFile("bulwark-redis-server-", "");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                if (!file.toFile().setExecutable(true, true)) {
                    throw new IOException("cannot make " + file + " executable");
                }
                file.toFile().deleteOnExit();
                extracted = file;
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + resource, e);
            }
        }
    }

    static String shippedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (arch.equals("x86") || arch.equals("i386")) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac") || os.contains("darwin")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new IllegalStateException("no shipped redis-server for " + os + "/" + arch
                + "; install redis-server on the PATH");
    }
}
