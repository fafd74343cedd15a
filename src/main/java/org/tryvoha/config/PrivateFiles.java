package org.tryvoha.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and directories only their owner may read: the data directory (0700), the database and
 * the first-start admin key (0600). The database holds the signing private key and every operator
 * key's hash, so another local account must not be able to copy it.
 *
 * <p>Java cannot set a umask, so modes are set explicitly: at creation (where the file system is
 * POSIX; elsewhere nothing is done) and, for what already exists, tightened with a warning in the
 * log rather than refused, so an upgrade from a release that left them open keeps running.
 */
public final class PrivateFiles {
    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents) as 0700, or tightens it to 0700 when it exists and others may enter it. */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            tighten(dir, DIRECTORY);
            return;
        }
        if (!posix(nearestExisting(dir))) {
            Files.createDirectories(dir);
            return;
        }
        // mkdir applies the umask; 0700 minus any sane umask is still 0700, and the set below makes sure
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** Tightens an existing file to 0600 (with a warning) when group or others have any access; a missing file is fine. */
    public static void tighten(Path file) throws IOException {
        tighten(file, FILE);
    }

    /** Creates an empty 0600 file unless it exists. */
    public static void createEmpty(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
        try {
            if (posix(file.toAbsolutePath().getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                Files.setPosixFilePermissions(file, FILE);
            } else Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            tighten(file);
        }
    }

    /**
     * Writes {@code text} to a new 0600 file at {@code file}, all at once: it appears complete or not
     * at all, and an existing file is never overwritten.
     *
     * @throws FileAlreadyExistsException when {@code file} exists
     */
    public static void createNew(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = posix(dir);
        Path tmp = posix
                ? Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, ".tmp-", "");
        try {
            if (posix) Files.setPosixFilePermissions(tmp, FILE);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // link(2) fails when the name exists: no overwrite, no race
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file); // without REPLACE_EXISTING: refuses an existing file
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether group or others have any access to {@code p}; false where the file system is not POSIX. */
    public static boolean open(Path p) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (v == null) return false;
        Set<PosixFilePermission> perms = v.readAttributes().permissions();
        perms.retainAll(OTHERS);
        return !perms.isEmpty();
    }

    private static void tighten(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || !posix(p) || !open(p)) return;
        Set<PosixFilePermission> was = Files.getPosixFilePermissions(p);
        Files.setPosixFilePermissions(p, mode);
        log.warn(
                "{} was {} (group or others could read it); set to {}: it holds secrets",
                p,
                PosixFilePermissions.toString(was),
                PosixFilePermissions.toString(mode));
    }

    private static boolean posix(Path p) throws IOException {
        return p != null && Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    private static Path nearestExisting(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) q = q.getParent();
        return q;
    }
}
