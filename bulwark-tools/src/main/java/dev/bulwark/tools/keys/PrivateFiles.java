package dev.bulwark.tools.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: directories 0700, files 0600, set when they are created (never created open
 * and narrowed afterwards, which would leave a window), and a file written to a 0600 temporary file next to it
 * and moved into place atomically, so nobody sees a half-written secret.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents below {@code base}, each 0700. Existing ones are left alone. */
    static void createDirectories(Path base, Path dir) throws IOException {
        Path relative = base.relativize(dir);
        Path current = base;
        for (Path part : relative) {
            current = current.resolve(part);
            if (!Files.isDirectory(current)) {
                if (posix(base)) {
                    Files.createDirectory(current, PosixFilePermissions.asFileAttribute(DIR));
                    Files.setPosixFilePermissions(current, DIR); // the umask may have taken bits we meant
                } else {
                    Files.createDirectory(current);
                }
            }
        }
    }

    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = posix(dir);
        Path temp = posix
                ? Files.createTempFile(dir, ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    static boolean posix(Path path) {
        try {
            return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }
}
