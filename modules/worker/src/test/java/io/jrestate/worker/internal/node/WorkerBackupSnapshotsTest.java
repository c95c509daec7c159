package io.jrestate.worker.internal.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.worker.internal.snapshot.ChunkedBytes;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's backup cut carries the partition snapshots it covers: a snapshot at or below the partition's last
 * durable LSN in the cut is listed and readable byte for byte even after it is deleted (pruned) during the copy;
 * a snapshot beyond the cut is left out.
 */
@Timeout(30)
class WorkerBackupSnapshotsTest {
    @Test
    void shouldCarryTheSnapshotsTheCutCoversAndNoneBeyondIt(@TempDir final Path nodeDir) throws Exception {
        try (LogStore store = LogStore.open(nodeDir.resolve(WorkerNode.LOG_DIR), LogStoreOptions.builder()
                .segmentBytes(1L << 20).build())) {
            for (int i = 0; i < 10; i++) {
                store.log(0).append(ByteBuffer.wrap(new byte[] {(byte) i})).get(5, TimeUnit.SECONDS);
            }
            final PartitionSnapshots files = new PartitionSnapshots(0, nodeDir.resolve(SnapshotSetup.DIR)
                    .resolve("0"), StorageIo.fileSystem(), SnapshotBody.standard(), 5);
            final SnapshotInfo covered = files.write(7, body("seven"));
            files.write(50, body("beyond the cut"));
            final byte[] expected = Files.readAllBytes(covered.path());
            try (BackupCut cut = new WorkerBackup(store, nodeDir).capture(Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS)) {
                cut.release();
                final String name = "worker-snapshots/0/" + covered.path().getFileName();
                final List<String> snapshots = cut.files().stream().map(BackupFile::path)
                        .filter(p -> p.startsWith("worker-snapshots/")).toList();
                assertEquals(List.of(name), snapshots);
                Files.delete(covered.path());
                assertArrayEquals(expected, readAll(cut, name));
            }
        }
    }

    private static ChunkedBytes body(final String text) {
        final ChunkedBytes bytes = new ChunkedBytes();
        bytes.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, text.length());
        return bytes;
    }

    private static byte[] readAll(final BackupCut cut, final String path) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer buffer = ByteBuffer.allocate(7);
        long position = 0;
        int n;
        while ((n = cut.read(path, position, buffer.clear())) > 0) {
            out.write(buffer.array(), 0, n);
            position += n;
        }
        return out.toByteArray();
    }
}
