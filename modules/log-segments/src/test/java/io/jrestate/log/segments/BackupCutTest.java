package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jrestate.log.segments.Fixtures.await;
import static io.jrestate.log.segments.Fixtures.join;
import static io.jrestate.log.segments.Fixtures.readAll;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backup cuts ({@link LogStore#holdForBackup}): the files of a cut, copied into an empty directory, open as a
 * store holding exactly the records and metadata (trim point, suffix truncation, seal, sequencer) of the cut and
 * nothing appended after it, with the same store id, and accept appends again. With a writer thread, appends made
 * while a cut is held are acknowledged only after its release (or after the hold limit, which voids the cut), and a
 * trim that deletes segments while a cut is being copied does not disturb the copy. Deterministic parts run in
 * INVOKER mode over the in-memory storage; the hold and pin behaviour runs on the real file system.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackupCutTest {
    private static final Path RESTORED = Path.of("/restored");

    @TempDir
    Path dir;

    /** Copies every file of a cut into {@code target} of an in-memory storage, zeros included. */
    private static void copy(final StoreCut cut, final FaultyStorageIo io, final Path target) throws IOException {
        io.createDirectories(target.resolve("journal"));
        for (StoreCut.File f : cut.files()) {
            final ByteBuffer bytes = ByteBuffer.allocate((int) f.sizeBytes());
            long at = 0;
            while (at < f.dataBytes()) {
                final int n = cut.read(f.path(), at, bytes.slice((int) at, (int) Math.min(5000, f.dataBytes() - at)));
                assertTrue(n > 0, "read made progress in " + f.path());
                at += n;
            }
            try (StorageFile out = io.open(target.resolve(f.path()), StorageIo.OpenMode.CREATE_NEW)) {
                out.writeFully(bytes, 0);
                out.force(true);
            }
        }
    }

    /** Copies a cut to the real file system, leaving the zero tail of each file as a sparse hole. */
    private static void copySparse(final StoreCut cut, final Path target) throws IOException {
        for (StoreCut.File f : cut.files()) {
            final Path file = target.resolve(f.path());
            Files.createDirectories(file.getParent());
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                long at = 0;
                while (at < f.dataBytes()) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), f.dataBytes() - at));
                    final int n = cut.read(f.path(), at, chunk);
                    out.getChannel().write(chunk.flip(), at);
                    at += n;
                }
                out.setLength(f.sizeBytes());
            }
        }
    }

    @Test
    void shouldRestoreExactlyTheCutWithItsMetadata() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(3));
        final StoreCut cut;
        final long storeId;
        try (LogStore store = Fixtures.open(io, 1)) {
            storeId = store.storeId();
            final List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                acks.add(store.log(1).append(text("a" + i + "x".repeat(400 + i % 200))));
                acks.add(store.log(2).append(text("b" + i)));
            }
            acks.add(store.log(1).trimPrefix(40));
            acks.add(store.log(2).truncateAfter(250));
            acks.add(store.log(2).append(text("b-new-251")));
            acks.add(store.log(2).bindSequencer(77));
            acks.add(store.log(3).append(text("c1")));
            acks.add(store.log(3).seal());
            acks.forEach(f -> await(store, f));
            cut = await(store, store.holdForBackup(Duration.ofSeconds(5)));
            await(store, store.log(1).append(text("after-cut")));
            await(store, store.log(2).append(text("after-cut")));
            assertEquals(Map.of(1L, 300L, 2L, 251L, 3L, 1L), cut.lastDurableLsns());
            assertTrue(cut.files().size() > 4, "the cut spans several 64 KiB segments: " + cut.files());
            copy(cut, io, RESTORED);
            cut.close();
        }
        try (LogStore restored = LogStore.open(RESTORED, Fixtures.invoker(io, 9).build())) {
            assertEquals(storeId, restored.storeId());
            assertEquals(List.of(), restored.corruptRanges());
            assertEquals(41, readAll(restored.log(1), 1).getFirst().lsn());
            assertEquals(300, readAll(restored.log(1), 1).getLast().lsn());
            assertEquals(new Fixtures.Entry(251, "b-new-251"), readAll(restored.log(2), 1).getLast());
            assertEquals(251, readAll(restored.log(2), 1).size());
            assertEquals(new LogMetadata(1, 40, false, 0, 300), restored.log(1).metadata());
            assertEquals(new LogMetadata(2, 0, false, 77, 251), restored.log(2).metadata());
            assertTrue(restored.log(3).metadata().sealed());
            assertEquals(301L, await(restored, restored.log(1).append(text("a301"))));
        }
        try (LogStore reopened = LogStore.open(RESTORED, Fixtures.invoker(io, 10).build())) {
            assertEquals(new Fixtures.Entry(301, "a301"), readAll(reopened.log(1), 1).getLast());
        }
    }

    @Test
    void shouldHoldAppendsUntilTheCutIsReleased() throws Exception {
        try (LogStore store = LogStore.open(dir.resolve("s"), LogStoreOptions.builder().segmentBytes(1 << 20)
            .build())) {
            join(store.log(1).append(text("before")));
            final StoreCut cut = join(store.holdForBackup(Duration.ofSeconds(20)));
            final CompletableFuture<Long> during = store.log(1).append(text("during"));
            Thread.sleep(200);
            assertFalse(during.isDone(), "an append made during the hold is not acknowledged");
            cut.release();
            assertEquals(2L, during.get(30, TimeUnit.SECONDS));
            assertFalse(cut.heldPastLimit());
            assertEquals(Map.of(1L, 1L), cut.lastDurableLsns());
            copySparse(cut, dir.resolve("copy"));
            cut.close();
        }
        try (LogStore restored = LogStore.open(dir.resolve("copy"), LogStoreOptions.builder().segmentBytes(1 << 20)
            .build())) {
            assertEquals(List.of(new Fixtures.Entry(1, "before")), readAll(restored.log(1), 1));
        }
    }

    @Test
    void shouldStopHoldingAfterTheLimitAndSayTheCutIsVoid() throws Exception {
        try (LogStore store = LogStore.open(dir.resolve("s"), LogStoreOptions.builder().segmentBytes(1 << 20)
            .inlineCommit(true).build())) {
            // Measured from before the hold starts: a loaded machine may pause this thread after the hold began.
            final long start = System.nanoTime();
            final StoreCut cut = join(store.holdForBackup(Duration.ofMillis(150)));
            join(store.log(1).append(text("late")));
            final long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMs >= 100, "the append waited for the hold limit, waited " + waitedMs + " ms");
            assertTrue(cut.heldPastLimit());
            cut.close();
        }
    }

    @Test
    void shouldKeepCopyingSegmentsThatATrimDeletedMeanwhile() throws Exception {
        final LogStoreOptions options = LogStoreOptions.builder().segmentBytes(64 * 1024).build();
        final byte[] firstSegment;
        try (LogStore store = LogStore.open(dir.resolve("s"), options)) {
            CompletableFuture<Long> last = null;
            for (int i = 1; i <= 400; i++) {
                last = store.log(1).append(text("r" + i + "y".repeat(300)));
            }
            join(last);
            final StoreCut cut = join(store.holdForBackup(Duration.ofSeconds(20)));
            cut.release();
            final String oldest = cut.files().get(2).path();
            firstSegment = Files.readAllBytes(dir.resolve("s").resolve(oldest));
            join(store.log(1).trimPrefix(380));
            join(store.log(1).append(text("r401")));
            assertFalse(Files.exists(dir.resolve("s").resolve(oldest)), "the trim deleted " + oldest);
            copySparse(cut, dir.resolve("copy"));
            cut.close();
            final byte[] copied = Files.readAllBytes(dir.resolve("copy").resolve(oldest));
            assertArrayEquals(java.util.Arrays.copyOfRange(firstSegment, 4096, firstSegment.length),
                java.util.Arrays.copyOfRange(copied, 4096, copied.length), "records of a deleted segment copied");
        }
        try (LogStore restored = LogStore.open(dir.resolve("copy"), options)) {
            final List<Fixtures.Entry> all = readAll(restored.log(1), 1);
            assertEquals(400, all.size());
            assertEquals("r400" + "y".repeat(300), all.getLast().text());
        }
    }

    @Test
    void shouldRefuseUnknownPathsAndReadsAfterClose() throws Exception {
        try (LogStore store = LogStore.open(dir.resolve("s"), LogStoreOptions.builder().segmentBytes(1 << 20)
            .build())) {
            join(store.log(5).append(text("x")));
            final StoreCut cut = join(store.holdForBackup(Duration.ofSeconds(5)));
            cut.release();
            final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> cut.read("journal/nope.seg", 0, ByteBuffer.allocate(10)));
            assertTrue(unknown.getMessage().contains("journal/nope.seg"), unknown.getMessage());
            assertEquals(-1, cut.read("store.id", 28, ByteBuffer.allocate(10)));
            cut.close();
            assertThrows(LogClosedException.class, () -> cut.read("store.id", 0, ByteBuffer.allocate(10)));
        }
    }
}
