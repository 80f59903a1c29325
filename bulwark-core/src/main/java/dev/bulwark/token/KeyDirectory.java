package dev.bulwark.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys on disk: one file per key in one directory.
 *
 * <p>Format. {@code <kid>.jwk.json} holds the private JWK (RFC 7517, with {@code kid}, {@code alg},
 * {@code use}) plus one extra member, {@code "created"}, an ISO-8601 instant; unknown JWK members
 * are ignored by every JWK parser, so the file stays a valid JWK. {@code *.pem} files holding an
 * unencrypted PKCS#8 private key (Ed25519, EC P-256, RSA ≥ 2048) are read too: their kid is the
 * RFC 7638 thumbprint and their creation time the file's modification time. Files whose names
 * start with a dot (the lock, temporary files) and other names are ignored.
 *
 * <p>Permissions (POSIX file systems). Files are created 0600 and the directory 0700, set at
 * creation: a key is written to a temporary file created with 0600, forced to disk, then moved
 * into place with {@code ATOMIC_MOVE}, so no reader ever sees a partial or world-readable key.
 * Loading refuses a key file that group or others may read or write, and a directory that group or
 * others may write (whoever can add a file there can mint tokens).
 *
 * <p>Concurrency. {@link #loadOrGenerate} holds an exclusive {@link FileLock} on {@code <dir>/.lock}
 * around check-then-generate, so two servers starting together on an empty directory end with one
 * key. A {@code FileLock} is held by the whole JVM and cannot be taken twice in one process, so
 * threads of one JVM first take {@link #IN_PROCESS}; it is static because the thing it guards, the
 * file lock, is per process too.
 */
public final class KeyDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);

    static final String JWK_SUFFIX = ".jwk.json";
    static final String PEM_SUFFIX = ".pem";
    static final String LOCK_FILE = ".lock";
    static final String CREATED_MEMBER = "created";
    private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private KeyDirectory() {
    }

    /**
     * For development: loads the keys in {@code dir}, first generating one {@code algorithm} key
     * (and the directory) when there is none, with a WARN saying so and where.
     *
     * @throws KeyLoadException as {@link #load} does
     */
    public static KeyRing loadOrGenerate(Path dir, SigningAlgorithm algorithm, Clock clock) {
        createDirectory(dir);
        checkDirectoryPermissions(dir); // before generating: never write a key where others could swap it
        withLock(dir, () -> {
            if (keyFiles(dir).isEmpty()) {
                SigningKey key = write(dir, SigningKey.generate(algorithm, clock));
                LOG.warn("No signing key found in {}; generated a new {} key (kid {}) there. "
                                + "Generated keys are for development; for staging and production create them "
                                + "with `./bulwark keys init`.",
                        dir.toAbsolutePath(), algorithm, key.kid());
            }
            return null;
        });
        return load(dir);
    }

    /**
     * Loads every key in {@code dir}.
     *
     * @throws KeyLoadException when the directory is missing or has no key, a file cannot be read
     *                          or parsed, permissions are too open, or two files share a kid
     */
    public static KeyRing load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KeyLoadException("Key directory " + dir.toAbsolutePath() + " does not exist; create keys with "
                    + "`./bulwark keys init` or set BULWARK_KEYS_DIR");
        }
        boolean posix = checkDirectoryPermissions(dir);
        List<Path> files = keyFiles(dir);
        if (files.isEmpty()) {
            throw new KeyLoadException("No signing key (*" + JWK_SUFFIX + " or *" + PEM_SUFFIX + ") in "
                    + dir.toAbsolutePath() + "; create one with `./bulwark keys init`");
        }
        List<SigningKey> keys = new ArrayList<>(files.size());
        for (Path file : files) {
            if (posix) {
                Set<PosixFilePermission> perms = permissions(file);
                if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw new KeyLoadException("Signing key file " + file.toAbsolutePath()
                            + " is accessible by group or others (" + PosixFilePermissions.toString(perms)
                            + "); run: chmod 600 " + file.toAbsolutePath());
                }
            }
            keys.add(readKey(file));
        }
        try {
            return KeyRing.of(keys);
        } catch (IllegalArgumentException e) {
            throw new KeyLoadException("Key directory " + dir.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /**
     * Generates a new key into {@code dir} (created 0700 if missing) as {@code <kid>.jwk.json}, 0600.
     * The new key becomes the active one of the next {@link #load}, because it is the newest.
     */
    public static SigningKey generateInto(Path dir, SigningAlgorithm algorithm, Clock clock) {
        createDirectory(dir);
        checkDirectoryPermissions(dir);
        return withLock(dir, () -> write(dir, SigningKey.generate(algorithm, clock)));
    }

    /**
     * Deletes the file holding the key {@code kid} from {@code dir}, under the directory lock; returns whether
     * there was one. The caller decides whether the key may go (see {@code bulwark keys prune}): a token signed by
     * a deleted key no longer verifies.
     */
    public static boolean delete(Path dir, String kid) {
        checkDirectoryPermissions(dir);
        return withLock(dir, () -> {
            for (Path file : keyFiles(dir)) {
                if (readKey(file).kid().equals(kid)) {
                    try {
                        Files.delete(file);
                    } catch (IOException e) {
                        throw new KeyLoadException("Cannot delete signing key file " + file.toAbsolutePath()
                                + ": " + e.getMessage(), e);
                    }
                    forceDirectory(dir);
                    return true;
                }
            }
            return false;
        });
    }

    /** Refuses a directory that group or others may write; returns whether POSIX permissions apply. */
    private static boolean checkDirectoryPermissions(Path dir) {
        if (!supportsPosix(dir)) {
            LOG.warn("Key directory {} is not on a POSIX file system; its permissions cannot be checked",
                    dir.toAbsolutePath());
            return false;
        }
        Set<PosixFilePermission> perms = permissions(dir);
        if (perms.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            throw new KeyLoadException("Key directory " + dir.toAbsolutePath() + " is writable by group or others ("
                    + PosixFilePermissions.toString(perms) + "); run: chmod 700 " + dir.toAbsolutePath());
        }
        return true;
    }

    // --- reading ---------------------------------------------------------------------------------

    private static List<Path> keyFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && (name.endsWith(JWK_SUFFIX) || name.endsWith(PEM_SUFFIX))
                        && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new KeyLoadException("Cannot list key directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private static SigningKey readKey(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new KeyLoadException("Signing key file " + file.toAbsolutePath() + " is larger than "
                        + MAX_KEY_FILE_BYTES + " bytes; it is not a key");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyLoadException("Cannot read signing key file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + "); check that it exists and that this user may read it", e);
        }
        try {
            if (file.getFileName().toString().endsWith(PEM_SUFFIX)) {
                Instant mtime = Files.getLastModifiedTime(file).toInstant();
                return SigningKey.fromPrivateJwk(PemPrivateKeys.parse(text), mtime, true);
            }
            return parseJwkFile(text, file);
        } catch (IllegalArgumentException e) {
            throw new KeyLoadException("Signing key file " + file.toAbsolutePath() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new KeyLoadException("Cannot read signing key file " + file.toAbsolutePath(), e);
        }
    }

    private static SigningKey parseJwkFile(String text, Path file) throws IOException {
        Map<String, Object> json;
        JWK jwk;
        try {
            json = JSONObjectUtils.parse(text);
            Object created = json.remove(CREATED_MEMBER);
            jwk = JWK.parse(json);
            Instant createdAt = created instanceof String s
                    ? Instant.parse(s)
                    : Files.getLastModifiedTime(file).toInstant();
            return SigningKey.fromPrivateJwk(jwk, createdAt, false);
        } catch (ParseException e) {
            // Nimbus's message can quote the input, which is key material: do not pass it on.
            throw new IllegalArgumentException("not a valid JWK JSON document");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + CREATED_MEMBER + "\" is not an ISO-8601 instant");
        }
    }

    // --- writing ---------------------------------------------------------------------------------

    private static SigningKey write(Path dir, SigningKey key) {
        Map<String, Object> json = key.jwk().toJSONObject();
        json.put(CREATED_MEMBER, key.createdAt().toString());
        byte[] bytes = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve(key.kid() + JWK_SUFFIX);
        Path temp = null;
        try {
            temp = supportsPosix(dir)
                    ? Files.createTempFile(dir, ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS))
                    : Files.createTempFile(dir, ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            forceDirectory(dir);
            return key;
        } catch (IOException e) {
            throw new KeyLoadException("Cannot write signing key to " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the file is 0600 and its name starts with a dot, so it is never loaded
                }
            }
        }
    }

    private static void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && supportsPosix(existingAncestor(parent))) {
                FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS);
                Files.createDirectories(dir, attr);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new KeyLoadException("Cannot create key directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.getRoot() : p;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can fsync a directory; the rename is atomic either way.
        }
    }

    private interface LockedAction<T> {
        T run();
    }

    private static <T> T withLock(Path dir, LockedAction<T> action) {
        IN_PROCESS.lock();
        try {
            Path lockFile = dir.resolve(LOCK_FILE);
            FileAttribute<?>[] attrs = supportsPosix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(lockFile,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attrs);
                    FileLock ignored = channel.lock()) {
                return action.run();
            } catch (IOException e) {
                throw new KeyLoadException("Cannot lock " + lockFile.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static boolean supportsPosix(Path path) {
        try {
            return path != null && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path, new LinkOption[0]);
        } catch (IOException e) {
            throw new KeyLoadException("Cannot read the permissions of " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
