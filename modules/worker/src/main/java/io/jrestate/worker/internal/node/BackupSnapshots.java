package io.jrestate.worker.internal.node;

import io.jrestate.node.api.BackupFile;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The partition snapshot files that belong to a backup cut, opened while the log store is held: every committed
 * {@code worker-snapshots/<partition>/snapshot-<lsn>.snap} whose LSN is at most the partition's last durable LSN in
 * the cut. Snapshot files are immutable once committed and kept open, so pruning during the copy cannot remove
 * them; a snapshot beyond the cut is left out (restoring it would claim records the backed-up log lacks). With
 * them, a backup restores even when the log was trimmed below the cut's snapshots.
 */
final class BackupSnapshots implements AutoCloseable {
    private static final int LIST_ATTEMPTS_MAX = 5;
    private final Map<String, FileChannel> files = new LinkedHashMap<>();

    private BackupSnapshots() {
    }

    /**
     * Opens the snapshot files of a cut.
     *
     * @param nodeDir the node directory
     * @param lastDurableLsns the cut's last durable LSN per partition log
     * @return the open files
     * @throws IOException when the directory cannot be listed or a file cannot be opened
     */
    static BackupSnapshots open(final Path nodeDir, final Map<Long, Long> lastDurableLsns) throws IOException {
        final BackupSnapshots result = new BackupSnapshots();
        final Path root = nodeDir.resolve(SnapshotSetup.DIR);
        if (!Files.isDirectory(root)) {
            return result;
        }
        try {
            for (final Map.Entry<Long, Long> log : lastDurableLsns.entrySet()) {
                final Path dir = root.resolve(Long.toString(log.getKey()));
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                result.addPartition(nodeDir, dir, log.getValue());
            }
        } catch (final IOException | RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    /**
     * Opens a partition's snapshots. A file pruned between listing and opening was replaced by a newer snapshot
     * the listing may have missed, so the partition is listed again (a few times at most).
     */
    private void addPartition(final Path nodeDir, final Path dir, final long cutLsn) throws IOException {
        for (int attempt = 0; attempt < LIST_ATTEMPTS_MAX; attempt++) {
            final Map<String, FileChannel> opened = new LinkedHashMap<>();
            boolean vanished = false;
            try (Stream<Path> list = Files.list(dir)) {
                for (final Path file : list.sorted().toList()) {
                    final String name = file.getFileName().toString();
                    if (name.startsWith("snapshot-") && name.endsWith(".snap")
                            && PartitionSnapshots.lsnOf(file) <= cutLsn) {
                        try {
                            opened.put(nodeDir.relativize(file).toString().replace('\\', '/'),
                                    FileChannel.open(file, StandardOpenOption.READ));
                        } catch (final NoSuchFileException e) {
                            vanished = true;
                        }
                    }
                }
            } catch (final IOException | RuntimeException e) {
                closeAll(opened);
                throw e;
            }
            if (!vanished) {
                files.putAll(opened);
                return;
            }
            closeAll(opened);
        }
        throw new IOException(dir + ": snapshots kept disappearing while being opened for the backup");
    }

    private static void closeAll(final Map<String, FileChannel> channels) {
        for (final FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Read-only handles: nothing to lose.
            }
        }
    }

    List<BackupFile> backupFiles() throws IOException {
        final List<BackupFile> result = new ArrayList<>();
        for (final Map.Entry<String, FileChannel> f : files.entrySet()) {
            final long size = f.getValue().size();
            result.add(new BackupFile(f.getKey(), size, size));
        }
        return result;
    }

    /**
     * The held snapshot files.
     *
     * @return path relative to the node directory to its open channel (a read-only view)
     */
    Map<String, FileChannel> held() {
        return java.util.Collections.unmodifiableMap(files);
    }

    boolean holds(final String path) {
        return files.containsKey(path);
    }

    int read(final String path, final long position, final ByteBuffer dst) throws IOException {
        return files.get(path).read(dst, position);
    }

    @Override
    public void close() {
        closeAll(files);
        files.clear();
    }
}
