package io.jrestate.worker.internal.node;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.StoreCut;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.node.api.BackupParticipant;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The worker's part in an online backup: its log store (every partition's log, held for the cut) and the node's
 * schema registry file, read while the log is held. Partition state is rebuilt from the logs, so the logs are the
 * state, together with the partition snapshots the cut covers (the logs may be trimmed below them) and the
 * retained-store files those snapshots' checkpoints name (completed invocations kept for their retention live
 * there, not in the snapshot; see {@link BackupRetained}).
 *
 * <pre>
 *   files (relative to the node directory)       positions
 *   worker-log/store.id, logs.meta.a, journal/*  partition-N -&gt; last durable LSN of partition N's log
 *   schema-registry.json (when one exists)
 *   worker-snapshots/N/snapshot-L.snap            snapshots with L at most partition N's last durable LSN
 *   worker-retained/partition-N/bucket-*.seg,     up to the lengths the checkpoints in those snapshots name
 *     removals.log
 * </pre>
 * The snapshot files are opened while the log is held; their checkpoints are read and the retained files opened
 * when the files are first listed, after the release, so the hold stays short. A retained file named by a
 * snapshot of the cut is deleted no earlier than two checkpoints (snapshots) later, so it is still there then.
 * On a node with a metadata store the registry is its {@code schema_registry} key, so no file exists and the
 * {@code metadata-server} participant's snapshot carries the registry.
 */
final class WorkerBackup implements BackupParticipant {
    private final LogStore logStore;
    private final Path nodeDir;

    WorkerBackup(final LogStore logStore, final Path nodeDir) {
        this.logStore = logStore;
        this.nodeDir = nodeDir;
    }

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public CompletableFuture<BackupCut> capture(final Duration maxHold) {
        return logStore.holdForBackup(maxHold).thenApply(cut -> {
            final byte[] schema;
            try {
                schema = readSchema();
            } catch (final IOException | RuntimeException e) {
                cut.close();
                throw new UncheckedIOException(new IOException("worker backup: cannot read "
                        + nodeDir.resolve(FileSchemaStore.FILE_NAME) + ": " + e.getMessage(), e));
            }
            try {
                return new Cut(cut, schema, BackupSnapshots.open(nodeDir, cut.lastDurableLsns()), nodeDir);
            } catch (final IOException | RuntimeException e) {
                cut.close();
                throw new UncheckedIOException(new IOException("worker backup: cannot open the partition snapshots "
                        + "in " + nodeDir.resolve(io.jrestate.worker.internal.snapshot.SnapshotSetup.DIR) + ": "
                        + e.getMessage(), e));
            }
        });
    }

    private byte[] readSchema() throws IOException {
        try {
            return Files.readAllBytes(nodeDir.resolve(FileSchemaStore.FILE_NAME));
        } catch (final NoSuchFileException e) {
            return null;
        }
    }

    /** The log store's cut under {@code worker-log/}, plus the schema bytes. */
    private static final class Cut implements BackupCut {
        private static final String PREFIX = WorkerNode.LOG_DIR + "/";
        private final StoreCut cut;
        private final byte[] schema;
        private final BackupSnapshots snapshots;
        private final Path nodeDir;
        private BackupRetained retained;

        Cut(final StoreCut cut, final byte[] schema, final BackupSnapshots snapshots, final Path nodeDir) {
            this.cut = cut;
            this.schema = schema;
            this.snapshots = snapshots;
            this.nodeDir = nodeDir;
        }

        /** The retained files of the cut's snapshots, opened on first use (after the release). */
        private synchronized BackupRetained retained() {
            if (retained == null) {
                try {
                    retained = BackupRetained.open(nodeDir, snapshots.held());
                } catch (final IOException e) {
                    throw new UncheckedIOException("worker backup: cannot open the retained-store files of the "
                            + "partition snapshots: " + e.getMessage(), e);
                }
            }
            return retained;
        }

        @Override
        public Map<String, Long> positions() {
            final Map<String, Long> positions = new LinkedHashMap<>();
            cut.lastDurableLsns().forEach((log, lsn) -> positions.put("partition-" + log, lsn));
            return positions;
        }

        @Override
        public List<BackupFile> files() {
            final List<BackupFile> files = new ArrayList<>();
            for (final StoreCut.File f : cut.files()) {
                files.add(new BackupFile(f.path(), f.sizeBytes(), f.dataBytes()).under(WorkerNode.LOG_DIR));
            }
            if (schema != null) {
                files.add(new BackupFile(FileSchemaStore.FILE_NAME, schema.length, schema.length));
            }
            try {
                files.addAll(snapshots.backupFiles());
            } catch (final IOException e) {
                throw new UncheckedIOException("worker backup: cannot size the partition snapshots", e);
            }
            files.addAll(retained().backupFiles());
            return files;
        }

        @Override
        public int read(final String path, final long position, final ByteBuffer dst) throws IOException {
            if (path.startsWith(PREFIX)) {
                return cut.read(path.substring(PREFIX.length()), position, dst);
            }
            if (snapshots.holds(path)) {
                return snapshots.read(path, position, dst);
            }
            if (path.startsWith(WorkerNode.RETAINED_DIR + "/") && retained().holds(path)) {
                return retained().read(path, position, dst);
            }
            if (schema == null || !path.equals(FileSchemaStore.FILE_NAME)) {
                throw new IllegalArgumentException("no file '" + path + "' in the worker's backup cut");
            }
            if (position >= schema.length) {
                return -1;
            }
            final int n = (int) Math.min(dst.remaining(), schema.length - position);
            dst.put(schema, (int) position, n);
            return n;
        }

        @Override
        public void release() {
            cut.release();
        }

        @Override
        public boolean heldPastLimit() {
            return cut.heldPastLimit();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (retained != null) {
                    retained.close();
                }
            }
            snapshots.close();
            cut.close();
        }
    }
}
