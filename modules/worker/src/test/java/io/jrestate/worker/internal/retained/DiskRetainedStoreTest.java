package io.jrestate.worker.internal.retained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.Phase;
import io.jrestate.worker.internal.fsm.RetainedCodec;
import io.jrestate.worker.internal.wal.Failure;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.RetainedInvocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk retained store: exact bytes back, expiry with its files, checkpoints, restore after a crash. */
class DiskRetainedStoreTest {
    static final long BUCKET_MS = 60_000;
    static final long T0 = 1_000 * BUCKET_MS;

    static InvocationKey id(final long n) {
        return new InvocationKey(n * 0x9E37_79B9_7F4A_7C15L, n, ~n);
    }

    /** A completed row with a random output of {@code outputBytes} (a failure when n is divisible by 7). */
    static InvocationStatus completed(final long n, final int outputBytes) {
        final RetainedInvocation.Builder row = RetainedInvocation.newBuilder().setInvocationId(id(n).toByteString())
                .setTarget(InvocationTarget.newBuilder().setService("Greeter").setHandler("greet"))
                .setOptions(InvocationOptions.newBuilder().setJournalRetentionMs(1).setIdempotencyRetentionMs(1))
                .setIdempotencyKey("key-" + n).setCreatedAtMs(T0).setCompletedAtMs(T0 + n).setAttempt(1)
                .addJournal(JournalEntry.newBuilder().setType(0x0400).setPayload(ByteString.copyFromUtf8("in" + n)));
        if (n % 7 == 0) {
            row.setFailure(Failure.newBuilder().setCode(500).setMessage("boom " + n));
        } else {
            final byte[] output = new byte[outputBytes];
            new SplittableRandom(n).nextBytes(output);
            row.setValue(ByteString.copyFrom(output));
        }
        final byte[] bytes = row.build().toByteArray();
        return RetainedCodec.decode(bytes, 0, bytes.length);
    }

    static void assertSameRow(final InvocationStatus expected, final InvocationStatus actual) {
        assertNotNull(actual, "retained " + expected.id());
        assertEquals(Phase.COMPLETED, actual.phase());
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.result(), actual.result(), "identical result bytes");
        assertEquals(expected.completedAtMs(), actual.completedAtMs());
        assertEquals(expected.idempotencyKey(), actual.idempotencyKey());
        assertEquals(expected.journal(), actual.journal());
    }

    private static List<Path> segmentFiles(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void shouldAnswerTheExactRowsItRetained(@TempDir final Path dir) throws Exception {
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            for (long n = 1; n <= 2_000; n++) {
                // Outputs up to 200 KB: rows larger than the write buffer and the first read are covered.
                store.retain(completed(n, n % 500 == 0 ? 200_000 : (int) (n % 300)), T0 + (n % 5) * BUCKET_MS);
            }
            assertEquals(2_000, store.size());
            assertEquals(5, store.segmentCount(), "one segment per expiry bucket");
            for (long n = 1; n <= 2_000; n++) {
                assertSameRow(completed(n, n % 500 == 0 ? 200_000 : (int) (n % 300)), store.get(id(n)));
            }
            assertNull(store.get(id(2_001)));
            assertTrue(store.remove(id(3)));
            assertFalse(store.remove(id(3)));
            assertNull(store.get(id(3)));
            assertEquals(1_999, store.size());
        }
    }

    @Test
    void shouldRemoveExpiredBucketsAndTheirFiles(@TempDir final Path dir) throws Exception {
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            for (long n = 1; n <= 300; n++) {
                store.retain(completed(n, 10), T0 + (n % 3) * BUCKET_MS - 1);
            }
            assertEquals(3, segmentFiles(dir).size());
            assertEquals(200, store.expireBuckets(T0 + BUCKET_MS), "the buckets ending at T0 and T0 + 1 bucket");
            assertEquals(100, store.size());
            assertEquals(1, segmentFiles(dir).size(), "expired segment files are deleted");
            for (long n = 1; n <= 300; n++) {
                assertEquals(n % 3 == 2, store.get(id(n)) != null, "row " + n);
            }
            assertEquals(0, store.expireBuckets(T0 + BUCKET_MS));
            assertEquals(100, store.expireBuckets(T0 + 10 * BUCKET_MS));
            assertEquals(0, store.size());
            assertEquals(List.of(), segmentFiles(dir));
        }
    }

    @Test
    void shouldRestoreExactlyTheCheckpointAfterACrash(@TempDir final Path dir) throws Exception {
        final RetainedCheckpoint checkpoint;
        final DiskRetainedStore crashed = DiskRetainedStore.openEmpty(dir, BUCKET_MS);
        for (long n = 1; n <= 100; n++) {
            crashed.retain(completed(n, 50), T0 + (n % 2) * BUCKET_MS);
        }
        crashed.remove(id(10));
        checkpoint = crashed.checkpoint(4_242);
        // After the checkpoint: more rows, a removal, a bucket expiry, then a crash (no clean close).
        for (long n = 101; n <= 150; n++) {
            crashed.retain(completed(n, 50), T0 + 5 * BUCKET_MS);
        }
        crashed.remove(id(11));
        assertEquals(49, crashed.expireBuckets(T0));
        crashed.close();
        appendGarbage(segmentFiles(dir).get(1));

        assertEquals(checkpoint, DiskRetainedStore.readCheckpoint(dir));
        try (DiskRetainedStore store = DiskRetainedStore.restore(dir, checkpoint)) {
            assertEquals(99, store.size());
            for (long n = 1; n <= 150; n++) {
                if (n <= 100 && n != 10) {
                    assertSameRow(completed(n, 50), store.get(id(n)));
                } else {
                    assertNull(store.get(id(n)), "row " + n + " came after the checkpoint or was removed before");
                }
            }
            assertEquals(2, segmentFiles(dir).size(), "the expired file survived: the checkpoint names it");
            // Replaying the log from the checkpoint applies the expiry again, and a new checkpoint deletes it.
            assertEquals(49, store.expireBuckets(T0));
            store.checkpoint(5_000);
            store.checkpoint(5_001);
            assertEquals(1, segmentFiles(dir).size());
            store.retain(completed(200, 5), T0 + 2 * BUCKET_MS);
            assertSameRow(completed(200, 5), store.get(id(200)));
        }
    }

    @Test
    void shouldNameTheFileWhenACheckpointedSegmentIsShort(@TempDir final Path dir) throws Exception {
        final RetainedCheckpoint checkpoint;
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            store.retain(completed(1, 500), T0);
            checkpoint = store.checkpoint(1);
        }
        final Path segment = segmentFiles(dir).getFirst();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(10);
        }
        final IOException error = assertThrows(IOException.class, () -> DiskRetainedStore.restore(dir, checkpoint));
        assertTrue(error.getMessage().contains(segment.getFileName().toString()), error.getMessage());
        assertArrayEquals(checkpoint.toBytes(), RetainedCheckpoint.fromBytes(checkpoint.toBytes()).toBytes());
    }

    private static void appendGarbage(final Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
        }
    }
}
