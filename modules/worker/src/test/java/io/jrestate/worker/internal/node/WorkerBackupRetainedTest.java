package io.jrestate.worker.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.worker.internal.ingress.RetainedTestNode;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restored from the worker's backup cut still answers its retained (completed, idempotent) invocations,
 * because the cut carries the retained-store files its snapshots' checkpoints name.
 *
 * <p>Method: node A retains invocations, takes a snapshot that trims the log (so only the snapshot and its
 * retained files can bring those back), retains more (the log tail), and its cut is captured. A then keeps
 * serving (more calls, another snapshot) before the cut's files are copied, as an online backup does. Node B
 * started on the copy must give A's exact answers (output, attach, by idempotency key, re-submission) for every
 * invocation of the cut and know none of the later ones; each retained file in the cut is no longer than the
 * checkpoint named, although A appended to it after the cut. A copy without the retained files must not start:
 * the snapshot's checkpoint finds no files and the trimmed log cannot replace it.
 */
@Timeout(120)
class WorkerBackupRetainedTest {
    @Test
    void shouldServeRetainedInvocationsOnANodeRestoredFromTheCut(@TempDir final Path work) throws Exception {
        final Path a = work.resolve("a");
        final List<String> ids = new ArrayList<>();
        final List<String> afterCut = new ArrayList<>();
        final Map<String, String> before;
        final List<BackupFile> retainedFiles;
        try (RetainedTestNode nodeA = new RetainedTestNode(a, true)) {
            for (int i = 0; i < 20; i++) {
                ids.add(nodeA.greet("n" + i));
            }
            assertEquals(200, nodeA.send("POST", "/Counter/k/add", "5", "idempotency-key", "idem-1").statusCode());
            nodeA.node.partitions.snapshot(List.of(), true).join();
            for (int p = 0; p < RetainedTestNode.PARTITIONS; p++) {
                assertTrue(nodeA.logs.log(p).firstLsn() > 1, "partition " + p + ": log trimmed below the snapshot");
            }
            for (int i = 20; i < 25; i++) {
                ids.add(nodeA.greet("n" + i));
            }
            before = nodeA.retainedAnswers(ids);
            try (BackupCut cut = new WorkerBackup(nodeA.logs, a).capture(Duration.ofSeconds(10))
                    .get(30, TimeUnit.SECONDS)) {
                cut.release();
                for (int i = 0; i < 8; i++) {
                    afterCut.add(nodeA.greet("late" + i));
                }
                nodeA.node.partitions.snapshot(List.of(), false).join();
                retainedFiles = copy(cut, a, work.resolve("b"), work.resolve("c"));
            }
        }
        assertFalse(retainedFiles.isEmpty(), "the cut names retained files");
        assertTrue(retainedFiles.stream().anyMatch(f -> f.sizeBytes() < sizeOf(a.resolve(f.path()))),
                "A appended to a retained file after the cut, and the cut copies only the checkpointed bytes: "
                        + retainedFiles);
        try (RetainedTestNode nodeB = new RetainedTestNode(work.resolve("b"), true)) {
            assertEquals(ids.size() + 1, nodeB.retained(), "the snapshot's retained rows plus the replayed tail");
            assertEquals(before, nodeB.retainedAnswers(ids));
            for (final String id : afterCut) {
                assertEquals(404, nodeB.send("GET", "/restate/invocation/" + id + "/output", null).statusCode(),
                        "invocation " + id + " came after the cut");
            }
        }
        final Exception refused = assertThrows(Exception.class, () -> new RetainedTestNode(work.resolve("c"), true)
                .close(), "without the retained files the trimmed partitions cannot start");
        assertTrue(messages(refused).contains("the retained store does not match the snapshot's checkpoint"),
                messages(refused));
    }

    /**
     * A cut whose only snapshot names a retained file that is gone cannot be restored from, so listing its files
     * fails and names the partition and the file, instead of writing a backup that would not start.
     */
    @Test
    void shouldRefuseACutWhoseSnapshotsRetainedFilesAreGone(@TempDir final Path a) throws Exception {
        try (RetainedTestNode nodeA = new RetainedTestNode(a, true)) {
            for (int i = 0; i < 12; i++) {
                nodeA.greet("n" + i);
            }
            nodeA.node.partitions.snapshot(List.of(), true).join();
        }
        int partition = 0;
        Path segment = firstSegment(a, partition);
        while (segment == null) {
            segment = firstSegment(a, ++partition);
        }
        Files.delete(segment);
        try (LogStore logs = LogStore.open(a.resolve(WorkerNode.LOG_DIR), LogStoreOptions.builder()
                .segmentBytes(4L << 20).build());
                BackupCut cut = new WorkerBackup(logs, a).capture(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS)) {
            cut.release();
            final UncheckedIOException refused = assertThrows(UncheckedIOException.class, cut::files);
            assertTrue(refused.getMessage().contains("partition " + partition + ": no snapshot in the cut has its "
                    + "retained-store files") && refused.getMessage().contains(segment.getFileName() + " is missing"),
                    refused.getMessage());
        }
    }

    /**
     * Copies every file of the cut into {@code target} (zero-extended to its size, like a restore) and every file
     * but the retained ones into {@code withoutRetained}.
     *
     * @return the cut's retained files
     */
    private static List<BackupFile> copy(final BackupCut cut, final Path source, final Path target,
            final Path withoutRetained) throws Exception {
        final List<BackupFile> retained = new ArrayList<>();
        for (final BackupFile file : cut.files()) {
            final boolean isRetained = file.path().startsWith(WorkerNode.RETAINED_DIR + "/");
            if (isRetained) {
                retained.add(file);
                assertTrue(Files.exists(source.resolve(file.path())), file.path());
            }
            copyOne(cut, file, target);
            if (!isRetained) {
                copyOne(cut, file, withoutRetained);
            }
        }
        return retained;
    }

    private static void copyOne(final BackupCut cut, final BackupFile file, final Path root) throws Exception {
        final Path destination = root.resolve(file.path());
        Files.createDirectories(destination.getParent());
        final ByteBuffer buffer = ByteBuffer.allocate(4096);
        long position = 0;
        try (FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            int n;
            while (position < file.dataBytes() && (n = cut.read(file.path(), position, buffer.clear()
                    .limit((int) Math.min(buffer.capacity(), file.dataBytes() - position)))) > 0) {
                out.write(buffer.flip(), position);
                position += n;
            }
        }
        assertEquals(file.dataBytes(), position, "bytes read of " + file.path());
        try (RandomAccessFile f = new RandomAccessFile(destination.toFile(), "rw")) {
            f.setLength(file.sizeBytes());
        }
    }

    private static Path firstSegment(final Path nodeDir, final int partition) throws Exception {
        try (var files = Files.list(nodeDir.resolve(WorkerNode.RETAINED_DIR).resolve("partition-" + partition))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".seg")).findFirst().orElse(null);
        }
    }

    private static String messages(final Throwable error) {
        final StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause()) {
            text.append(e).append('\n');
        }
        return text.toString();
    }

    private static long sizeOf(final Path path) {
        try {
            return Files.size(path);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
