package dev.bulwark.tools.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** POSIX permission questions the checks ask; empty where the file system has no POSIX permissions. */
final class FilePermissions {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private FilePermissions() {
    }

    static Optional<Set<PosixFilePermission>> of(Path path) {
        try {
            return Optional.of(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Whether group or others have any access; false when it cannot be told. */
    static boolean openToOthers(Path path) {
        return of(path).map(p -> p.stream().anyMatch(GROUP_OR_OTHERS::contains)).orElse(false);
    }

    static boolean writableByOthers(Path path) {
        return of(path).map(p -> p.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)).orElse(false);
    }

    static String describe(Path path) {
        return of(path).map(PosixFilePermissions::toString).orElse("unknown");
    }
}
