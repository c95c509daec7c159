package io.jrestate.log.segments;

import io.jrestate.log.segments.internal.FileStorageIo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The storage seam: every byte this module (and the Raft hard-state file) reads or writes goes through it.
 *
 * <p>Production uses {@link #fileSystem()}: {@code FileChannel} positional I/O and read-only memory mappings.
 * Tests use {@code io.jrestate.log.segments.testing.FaultyStorageIo} from this module's test jar, an in-memory
 * file system that loses unsynced pages on a simulated crash and injects fsync errors, short writes, misdirected
 * writes, bit flips and a full disk.
 *
 * <p>Durability contract the callers rely on (the same as Linux file systems give): data written to a file is
 * durable only after {@link StorageFile#force(boolean)} returns; a created, renamed or deleted name is durable
 * only after {@link #fsyncDirectory(Path)} of its parent returns.
 */
public interface StorageIo {
    /**
     * The production implementation over the default file system.
     *
     * @return a shared, thread-safe instance
     */
    static StorageIo fileSystem() {
        return FileStorageIo.INSTANCE;
    }

    /**
     * Opens a file.
     *
     * @param path the file
     * @param mode how to open it
     * @return an open handle; the caller closes it
     * @throws IOException when the file cannot be opened (missing, exists for {@link OpenMode#CREATE_NEW}, ...)
     */
    StorageFile open(Path path, OpenMode mode) throws IOException;

    /**
     * Creates a directory and its missing parents (not made durable: call {@link #fsyncDirectory} on the parent).
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    void createDirectories(Path dir) throws IOException;

    /**
     * Lists the regular files directly inside a directory.
     *
     * @param dir the directory
     * @return the file paths sorted by name
     * @throws IOException when the directory cannot be read
     */
    List<Path> list(Path dir) throws IOException;

    /**
     * Tells whether a file or directory exists.
     *
     * @param path the path
     * @return true when it exists
     */
    boolean exists(Path path);

    /**
     * Deletes a file if it exists (not durable until the parent directory is fsynced).
     *
     * @param path the file
     * @throws IOException on failure
     */
    void delete(Path path) throws IOException;

    /**
     * Renames a file atomically, replacing the target if present (not durable until the directory is fsynced).
     *
     * @param from the existing file
     * @param to the new name, in the same file system
     * @throws IOException on failure
     */
    void rename(Path from, Path to) throws IOException;

    /**
     * Makes the names in a directory durable (creates, renames, deletes done so far).
     *
     * @param dir the directory
     * @throws IOException when the sync fails; treat it like a failed fsync
     */
    void fsyncDirectory(Path dir) throws IOException;

    /**
     * Tells whether an I/O error means "no space left on device".
     *
     * @param e the error
     * @return true for ENOSPC
     */
    static boolean isNoSpace(final IOException e) {
        final String message = e.getMessage();
        return message != null && message.contains("No space left on device");
    }

    /** How {@link #open(Path, OpenMode)} opens a file. */
    enum OpenMode {
        /** Read only; the file must exist. */
        READ,
        /** Read and write; the file must exist. */
        READ_WRITE,
        /** Read and write; the file must not exist yet. */
        CREATE_NEW
    }
}
