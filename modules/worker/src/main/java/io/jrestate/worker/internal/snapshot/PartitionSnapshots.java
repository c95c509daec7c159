package io.jrestate.worker.internal.snapshot;

import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.SnapshotReader;
import io.jrestate.log.segments.SnapshotWriter;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The snapshot files of one partition, in {@code <node dir>/worker-snapshots/<partition>/}: writing (with pruning
 * to {@code num-retained}), restoring the newest good one, and the LSN the log may be trimmed to. Not tied to a
 * thread; callers serialise writes of one partition.
 *
 * <p>Restore decision table, newest file first:
 *
 * <pre>
 *  file                                      decision
 *  ----------------------------------------  ---------------------------------------------------------------
 *  checksum, length or body does not verify  WARN naming the file and the problem; try the next older one
 *  covers an LSN beyond the log's end        WARN (appending would reuse LSNs it covers); try the next older
 *  covers an LSN below the log's trim point  WARN (records between it and the log are gone); try older ones
 *  verifies and fits the log                 use it; replay the log after its LSN
 *  none usable, log starts at LSN 1          start from empty tables, replay the whole log
 *  none usable, log trimmed                  refuse to start the partition, naming every skipped file
 * </pre>
 */
public final class PartitionSnapshots {
    private static final System.Logger LOG = System.getLogger(PartitionSnapshots.class.getName());
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private final int partitionId;
    private final Path dir;
    private final StorageIo io;
    private final SnapshotBody body;
    private final int numRetained;

    /**
     * Opens (lazily creates) a partition's snapshot directory.
     *
     * @param partitionId the partition
     * @param dir its snapshot directory
     * @param io the storage
     * @param body the body codec
     * @param numRetained snapshots to keep
     */
    public PartitionSnapshots(final int partitionId, final Path dir, final StorageIo io, final SnapshotBody body,
            final int numRetained) {
        this.partitionId = partitionId;
        this.dir = dir;
        this.io = io;
        this.body = body;
        this.numRetained = numRetained;
    }

    /**
     * The partition.
     *
     * @return its id
     */
    public int partitionId() {
        return partitionId;
    }

    /** A snapshot loaded at start. @param tables the restored tables @param info the file it came from */
    public record Restored(SnapshotTables tables, SnapshotInfo info) {
    }

    /**
     * Loads the newest usable snapshot (see the decision table).
     *
     * @param fresh makes empty tables (one per attempt, so a file failing half-way leaves nothing behind)
     * @param logFirstLsn the first LSN the log still holds (trim point + 1)
     * @param logLastLsn the log's last durable LSN
     * @return the snapshot, or empty when the whole log is to be replayed
     * @throws IOException when the directory cannot be read
     * @throws IllegalStateException when the log is trimmed and no snapshot covers the trimmed part
     */
    public Optional<Restored> restore(final Supplier<SnapshotTables> fresh, final long logFirstLsn,
            final long logLastLsn) throws IOException {
        final List<String> skipped = new ArrayList<>();
        for (final Path file : SnapshotReader.list(io, dir).reversed()) {
            try {
                final Restored restored = load(file, fresh.get(), logFirstLsn, logLastLsn);
                if (!skipped.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "partition {0}: restored the older snapshot {1} after "
                            + "skipping {2}", partitionId, file, skipped);
                }
                return Optional.of(restored);
            } catch (final LogStoreException | SnapshotFormatException | Unusable e) {
                final String problem = e instanceof SnapshotFormatException ? file + ": " + e.getMessage()
                        : e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "partition {0}: skipping snapshot: {1}", partitionId, problem);
                skipped.add(problem);
            }
        }
        if (logFirstLsn > 1) {
            throw new IllegalStateException("partition " + partitionId + ": the log is trimmed up to lsn "
                    + (logFirstLsn - 1) + " and no usable snapshot in " + dir + " covers it"
                    + (skipped.isEmpty() ? " (none found)" : "; skipped: " + skipped)
                    + ". Restore the node from a backup.");
        }
        return Optional.empty();
    }

    private Restored load(final Path file, final SnapshotTables tables, final long logFirstLsn,
            final long logLastLsn) throws IOException, Unusable {
        try (SnapshotReader reader = SnapshotReader.open(io, file)) {
            final long lsn = reader.coveredLsn();
            if (lsn > logLastLsn) {
                throw new Unusable(file + ": covers lsn " + lsn + " beyond the log's last lsn " + logLastLsn);
            }
            if (lsn < logFirstLsn - 1) {
                throw new Unusable(file + ": covers lsn " + lsn + " but the log starts at lsn " + logFirstLsn);
            }
            try (InputStream in = reader.body()) {
                final long applied = body.decode(in, partitionId, tables);
                if (applied != lsn) {
                    throw new SnapshotFormatException("body says applied lsn " + applied + ", file covers " + lsn);
                }
            }
            return new Restored(tables, new SnapshotInfo(partitionId, lsn, file, sizeOf(file)));
        }
    }

    /**
     * Writes a snapshot durably (fsynced, renamed, directory fsynced), then deletes all but the newest
     * {@code num-retained}. A crash at any point leaves the earlier snapshots intact.
     *
     * @param appliedLsn the LSN the body covers
     * @param bytes the body
     * @return the committed snapshot
     * @throws IOException on failure (earlier snapshots stay valid)
     */
    public SnapshotInfo write(final long appliedLsn, final ChunkedBytes bytes) throws IOException {
        final Path path;
        try (SnapshotWriter writer = SnapshotWriter.create(io, dir, appliedLsn)) {
            for (final ByteBuffer buffer : bytes.buffers()) {
                writer.write(buffer);
            }
            path = writer.commit();
        }
        SnapshotReader.prune(io, dir, numRetained);
        return new SnapshotInfo(partitionId, appliedLsn, path, sizeOf(path));
    }

    /**
     * The LSNs of the retained snapshot files, oldest first (names only, not verified).
     *
     * @return the LSNs
     * @throws IOException when the directory cannot be read
     */
    public List<Long> retainedLsns() throws IOException {
        final List<Long> lsns = new ArrayList<>();
        for (final Path file : SnapshotReader.list(io, dir)) {
            lsns.add(lsnOf(file));
        }
        return lsns;
    }

    /**
     * The highest LSN the log may be trimmed to: the oldest retained snapshot, verified now (checksums), so the
     * log is never trimmed below the oldest snapshot that can be restored.
     *
     * @return the LSN, or empty when no retained snapshot verifies
     * @throws IOException when the directory cannot be read
     */
    public OptionalLong verifiedOldestLsn() throws IOException {
        for (final Path file : SnapshotReader.list(io, dir)) {
            try (SnapshotReader reader = SnapshotReader.open(io, file)) {
                return OptionalLong.of(reader.coveredLsn());
            } catch (final LogStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "partition {0}: snapshot does not verify, not trimming below "
                        + "it: {1}", partitionId, e.getMessage());
            }
        }
        return OptionalLong.empty();
    }

    private long sizeOf(final Path file) throws IOException {
        try (StorageFile f = io.open(file, StorageIo.OpenMode.READ)) {
            return f.size();
        }
    }

    /**
     * The snapshot directory.
     *
     * @return its path
     */
    public Path dir() {
        return dir;
    }

    /**
     * The LSN in a snapshot file's name.
     *
     * @param file a path named {@code snapshot-<lsn>.snap}
     * @return the LSN
     */
    public static long lsnOf(final Path file) {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /** A snapshot that verifies but does not fit the log. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(final String message) {
            super(message);
        }
    }
}
