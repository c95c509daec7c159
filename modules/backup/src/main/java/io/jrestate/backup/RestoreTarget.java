package io.jrestate.backup;

import io.jrestate.backup.internal.Durable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The node directory a restore writes, held under the same {@code LOCK} file lock a running server holds, so that
 * a restore and a server never use one directory at once.
 *
 * <pre>
 *   &lt;node-dir&gt;/LOCK                 locked for the restore (the server's lock file; holds the holder's PID)
 *   &lt;node-dir&gt;/.restore-incomplete  written (fsync) before the first data file, removed (fsync) after the last:
 *                                   while it exists the server refuses to start on the directory
 *   &lt;node-dir&gt;/...                  the backup's data/ files, zero-extended to their size, fsynced
 * </pre>
 */
final class RestoreTarget implements AutoCloseable {
    /** The marker of a restore in progress; see {@link #INCOMPLETE_MARKER_NAME}. */
    static final String INCOMPLETE_MARKER_NAME = RestoreMarker.FILE_NAME;
    private static final String LOCK_FILE = "LOCK";
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path nodeDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean createdDir;
    private boolean written;

    private RestoreTarget(final Path nodeDir, final FileChannel lockChannel, final FileLock lock,
            final boolean createdDir) {
        this.nodeDir = nodeDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.createdDir = createdDir;
    }

    static RestoreTarget open(final Path nodeDir, final boolean replace) throws RestoreCommand.Refusal, IOException {
        final Path dir = nodeDir.toAbsolutePath().normalize();
        final boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        final FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (final OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            final String holder = Files.readString(dir.resolve(LOCK_FILE), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new RestoreCommand.Refusal(RestoreCommand.EXIT_TARGET, "node directory " + dir + " is in use by "
                    + "a running restate-server (pid " + (holder.isEmpty() ? "unknown" : holder) + "); stop it "
                    + "before restoring: two servers on one node's data would split the brain");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        final RestoreTarget target = new RestoreTarget(dir, channel, lock, created);
        final List<String> entries = target.entriesBesideLock();
        if (!entries.isEmpty() && !replace) {
            target.close();
            throw new RestoreCommand.Refusal(RestoreCommand.EXIT_TARGET, "node directory " + dir + " is not empty "
                    + "(it holds " + entries.subList(0, Math.min(3, entries.size())) + (entries.size() > 3 ? ", ..."
                    : "") + "); restore into an empty --base-dir, or pass --replace to delete its contents first");
        }
        return target;
    }

    private List<String> entriesBesideLock() throws IOException {
        try (Stream<Path> list = Files.list(nodeDir)) {
            return list.map(p -> p.getFileName().toString()).filter(name -> !name.equals(LOCK_FILE)).sorted()
                    .toList();
        }
    }

    /** Writes the backup's data files into the directory, replacing what was there. */
    void write(final Path from, final BackupManifest manifest, final PrintStream out) throws IOException,
            RestoreCommand.Refusal {
        final Path marker = nodeDir.resolve(INCOMPLETE_MARKER_NAME);
        Files.deleteIfExists(marker);
        Durable.writeNew(marker, ("restore from " + from + " started " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Durable.syncDirectory(nodeDir);
        deleteContents(Set.of(LOCK_FILE, INCOMPLETE_MARKER_NAME));
        final String prefix = BackupManifest.DATA_DIR + "/";
        final List<BackupManifest.FileEntry> files = manifest.files().stream()
                .filter(f -> f.path().startsWith(prefix)).toList();
        final long totalBytes = files.stream().mapToLong(BackupManifest.FileEntry::dataBytes).sum();
        final Set<Path> dirs = new LinkedHashSet<>(List.of(nodeDir));
        final Sizes.Throttle throttle = new Sizes.Throttle();
        long bytesDone = 0;
        for (int i = 0; i < files.size(); i++) {
            final BackupManifest.FileEntry entry = files.get(i);
            final Path destination = nodeDir.resolve(entry.path().substring(prefix.length()));
            Files.createDirectories(destination.getParent());
            for (Path d = destination.getParent(); d.startsWith(nodeDir) && dirs.add(d); d = d.getParent()) {
                continue;
            }
            copy(from.resolve(entry.path()), destination, entry);
            bytesDone += entry.dataBytes();
            if (throttle.due(i == files.size() - 1)) {
                out.println("restoring: " + (i + 1) + "/" + files.size() + " files, " + Sizes.bytes(bytesDone) + "/"
                        + Sizes.bytes(totalBytes));
            }
        }
        for (final Path dir : dirs) {
            Durable.syncDirectory(dir);
        }
        Files.delete(marker);
        Durable.syncDirectory(nodeDir);
        written = true;
    }

    /** Copies one file, checking its CRC32C again (the backup may change under us), and zero-extends it. */
    private static void copy(final Path source, final Path destination, final BackupManifest.FileEntry entry)
            throws IOException, RestoreCommand.Refusal {
        final CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel outChannel = FileChannel.open(destination, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES);
            while (in.read(buffer.clear()) > 0) {
                buffer.flip();
                crc.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    outChannel.write(buffer);
                }
            }
            if (!BackupManifest.hex(crc.getValue()).equals(entry.crc32c())) {
                throw new RestoreCommand.Refusal(RestoreCommand.EXIT_BAD_BACKUP, "backup file " + entry.path()
                        + " changed while it was restored (CRC32C mismatch); the node directory is marked "
                        + "incomplete: restore from an intact copy with --replace");
            }
            outChannel.force(true);
        }
        if (entry.sizeBytes() > entry.dataBytes()) {
            try (RandomAccessFile file = new RandomAccessFile(destination.toFile(), "rw")) {
                file.setLength(entry.sizeBytes());
                file.getFD().sync();
            }
        }
    }

    private void deleteContents(final Set<String> keep) throws IOException {
        try (Stream<Path> list = Files.list(nodeDir)) {
            for (final Path top : list.filter(p -> !keep.contains(p.getFileName().toString())).toList()) {
                try (Stream<Path> walk = Files.walk(top)) {
                    for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Unlocks; a directory this restore created and never wrote is removed again. */
    @Override
    public void close() {
        try {
            if (createdDir && !written) {
                Files.deleteIfExists(nodeDir.resolve(LOCK_FILE));
                Files.deleteIfExists(nodeDir);
            }
        } catch (final IOException e) {
            // Left behind: an empty directory with a LOCK file does no harm.
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (final IOException e) {
            // Closing the channel releases the lock in any case.
        }
    }
}
