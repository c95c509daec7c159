package io.jrestate.worker.internal.node;

import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.SnapshotReader;
import io.jrestate.node.api.BackupFile;
import io.jrestate.worker.internal.retained.RetainedCheckpoint;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The retained-store files a backup cut needs: a partition restored from one of the cut's snapshots reopens its
 * retained store at the {@link RetainedCheckpoint} the snapshot embeds (table {@code retained}), which names
 * segment files and the removals file with their lengths in {@code worker-retained/partition-N/}. Those files
 * are append-only while the node runs, so copying each up to the largest length a usable checkpoint names serves
 * every such checkpoint. Each file is opened once and held, so a bucket expiring during the copy cannot take it.
 *
 * <pre>
 *  per partition with snapshots in the cut, newest first:
 *  snapshot                                               decision
 *  -----------------------------------------------------  -----------------------------------------------
 *  does not verify, or its retained rows do not decode    WARN, skip (a restore skips it too)
 *  no retained section (written before the disk store)    usable, needs no file
 *  every file it names present and at least that long     usable: its files join the cut
 *  a file missing or shorter                              WARN, skip (expired since: an older snapshot)
 *  verifying snapshots, none usable                       the backup fails, naming the files
 * </pre>
 */
final class BackupRetained implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackupRetained.class.getName());
    private final Map<String, Held> files = new LinkedHashMap<>();

    /** A file of the cut: its open channel and how many bytes of it belong to the backup. */
    private record Held(FileChannel channel, long lengthBytes) {
    }

    private BackupRetained() {
    }

    /**
     * Reads the checkpoints of a cut's snapshots and opens the files they name.
     *
     * @param nodeDir the node directory
     * @param snapshots the cut's snapshot files, by path relative to the node directory
     * @return the files
     * @throws IOException when a file cannot be read, or a partition has no usable snapshot (named)
     */
    static BackupRetained open(final Path nodeDir, final Map<String, FileChannel> snapshots) throws IOException {
        final Map<Path, FileChannel> absolute = new HashMap<>();
        final Map<Integer, TreeMap<Long, Path>> byPartition = new TreeMap<>();
        for (final Map.Entry<String, FileChannel> s : snapshots.entrySet()) {
            final Path path = nodeDir.resolve(s.getKey());
            absolute.put(path, s.getValue());
            byPartition.computeIfAbsent(Integer.parseInt(path.getParent().getFileName().toString()),
                    p -> new TreeMap<>(Comparator.reverseOrder())).put(PartitionSnapshots.lsnOf(path), path);
        }
        final BackupRetained result = new BackupRetained();
        try {
            final HeldFilesIo io = new HeldFilesIo(absolute);
            for (final Map.Entry<Integer, TreeMap<Long, Path>> p : byPartition.entrySet()) {
                result.addPartition(nodeDir, io, p.getKey(), List.copyOf(p.getValue().values()));
            }
        } catch (final IOException | RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    private void addPartition(final Path nodeDir, final HeldFilesIo io, final int partition,
            final List<Path> newestFirst) throws IOException {
        final String prefix = WorkerNode.RETAINED_DIR + "/partition-" + partition + "/";
        final Map<String, FileChannel> opened = new HashMap<>();
        final Map<String, Long> lengths = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        int verified = 0;
        boolean usable = false;
        try {
            for (final Path snapshot : newestFirst) {
                final Optional<RetainedCheckpoint> checkpoint;
                try {
                    checkpoint = checkpointOf(io, snapshot, partition);
                } catch (final LogStoreException | SnapshotFormatException | IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "worker backup: snapshot " + snapshot + " does not verify "
                            + "or decode, its retained files are not copied: " + e.getMessage());
                    continue;
                }
                verified++;
                if (checkpoint.isEmpty()) {
                    usable = true;
                    continue;
                }
                final String missing = addCheckpoint(nodeDir, prefix, checkpoint.get(), opened, lengths);
                if (missing == null) {
                    usable = true;
                } else {
                    problems.add(snapshot.getFileName() + ": " + missing);
                    LOG.log(System.Logger.Level.WARNING, "worker backup: snapshot " + snapshot + " cannot be "
                            + "restored from the backup: " + missing);
                }
            }
            if (verified > 0 && !usable) {
                throw new IOException("worker backup: partition " + partition + ": no snapshot in the cut has its "
                        + "retained-store files: " + problems);
            }
        } finally {
            keep(prefix, opened, lengths);
        }
    }

    /**
     * Opens the files a checkpoint names; records their lengths only when every one is there and long enough.
     *
     * @return null when usable, else what is missing
     */
    private static String addCheckpoint(final Path nodeDir, final String prefix, final RetainedCheckpoint checkpoint,
            final Map<String, FileChannel> opened, final Map<String, Long> lengths) throws IOException {
        for (final Map.Entry<String, Long> f : checkpoint.fileLengths().entrySet()) {
            final String path = prefix + f.getKey();
            FileChannel channel = opened.get(path);
            if (channel == null) {
                try {
                    channel = FileChannel.open(nodeDir.resolve(path), StandardOpenOption.READ);
                } catch (final NoSuchFileException e) {
                    return path + " is missing";
                }
                opened.put(path, channel);
            }
            if (channel.size() < f.getValue()) {
                return path + " is " + channel.size() + " bytes, the checkpoint names " + f.getValue();
            }
        }
        checkpoint.fileLengths().forEach((name, length) -> lengths.merge(prefix + name, length, Math::max));
        return null;
    }

    private static Optional<RetainedCheckpoint> checkpointOf(final HeldFilesIo io, final Path snapshot,
            final int partition) throws IOException {
        try (SnapshotReader reader = SnapshotReader.open(io, snapshot); InputStream body = reader.body()) {
            final Optional<List<byte[]>> rows = SnapshotBody.standard().bytesRows(body, partition,
                    SnapshotBody.RETAINED_TABLE);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            if (rows.get().size() != 1) {
                throw new IllegalArgumentException("expected one retained checkpoint row, found "
                        + rows.get().size());
            }
            return Optional.of(RetainedCheckpoint.fromBytes(rows.get().getFirst()));
        }
    }

    /** Keeps the channels of files with a length; closes the rest. */
    private void keep(final String prefix, final Map<String, FileChannel> opened, final Map<String, Long> lengths) {
        for (final Map.Entry<String, FileChannel> f : opened.entrySet()) {
            final Long length = lengths.get(f.getKey());
            if (length == null) {
                closeQuietly(f.getValue());
            } else {
                files.put(f.getKey(), new Held(f.getValue(), length));
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "worker backup: {0} retained files under {1}", lengths.size(), prefix);
    }

    List<BackupFile> backupFiles() {
        final List<BackupFile> result = new ArrayList<>();
        files.forEach((path, held) -> result.add(new BackupFile(path, held.lengthBytes(), held.lengthBytes())));
        return result;
    }

    boolean holds(final String path) {
        return files.containsKey(path);
    }

    /** Reads a file's bytes of the cut: never past the length the checkpoints name. */
    int read(final String path, final long position, final ByteBuffer dst) throws IOException {
        final Held held = files.get(path);
        if (position >= held.lengthBytes()) {
            return -1;
        }
        final int limit = dst.limit();
        dst.limit((int) Math.min(limit, dst.position() + held.lengthBytes() - position));
        try {
            return held.channel().read(dst, position);
        } finally {
            dst.limit(limit);
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // Read-only handle: nothing to lose.
        }
    }

    @Override
    public void close() {
        files.values().forEach(held -> closeQuietly(held.channel()));
        files.clear();
    }
}
