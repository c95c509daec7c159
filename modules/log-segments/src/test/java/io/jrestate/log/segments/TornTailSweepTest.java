package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo.CrashMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static io.jrestate.log.segments.Fixtures.await;
import static io.jrestate.log.segments.Fixtures.readAll;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exhaustive torn-tail sweep of the reliability plan. Eight records are committed; then power fails during
 * the fsync of the commit holding records 9 and 10, after their bytes were written. From that state, for every
 * byte offset of the last two records, the tail from that offset is replaced by zeros (a torn write into the
 * zero-filled segment) or by random bytes (garbage), and the store is recovered: records 1..8 must always be
 * there, records 9 and 10 exactly when their header and payload are whole (its padding is not checksummed), and
 * no range may be reported corrupt; appending and recovering again
 * must continue cleanly at the next LSN (the cut tail was zeroed durably).
 */
class TornTailSweepTest {
    private static final Path SEGMENT = Fixtures.DIR.resolve("journal").resolve("00000000000000000001.seg");
    private static final int PAYLOAD = 41;
    private static final int RECORD = 72;

    private static String payload(final int i) {
        return String.format("%02d", i) + "p".repeat(PAYLOAD - 2);
    }

    @Test
    void shouldKeepEveryWholeRecordAndCutOnlyTheTornTailAtEveryByteOffset() throws IOException {
        final FaultyStorageIo base = new FaultyStorageIo(new SplittableRandom(7));
        try (LogStore store = Fixtures.open(base, 1)) {
            CompletableFuture<Long> last = null;
            for (int i = 1; i <= 8; i++) {
                last = store.log(1).append(text(payload(i)));
            }
            assertEquals(8L, await(store, last));
            store.log(1).append(text(payload(9)));
            final CompletableFuture<Long> tenth = store.log(1).append(text(payload(10)));
            base.crashAtForce(1, CrashMode.KEEP_ALL);
            store.doWork();
            assertTrue(tenth.isCompletedExceptionally(), "the interrupted commit is never acknowledged");
        }
        final int start9 = 4096 + 8 * RECORD;
        final int end10 = start9 + 2 * RECORD;
        final SplittableRandom garbage = new SplittableRandom(99);
        int cases = 0;
        for (int cut = start9; cut < end10; cut++) {
            for (boolean zeros : new boolean[] {true, false}) {
                final FaultyStorageIo io = base.durableCopy(cut);
                final byte[] bytes = io.contents(SEGMENT);
                for (int p = cut; p < end10; p++) {
                    bytes[p] = zeros ? 0 : (byte) garbage.nextInt(256);
                }
                io.replaceAtRest(SEGMENT, bytes);
                final int whole = cut >= start9 + RECORD + 24 + PAYLOAD ? 10 : cut >= start9 + 24 + PAYLOAD ? 9 : 8;
                check(io, whole, "cut at byte " + cut + (zeros ? " (zeros)" : " (random)"));
                cases++;
            }
        }
        assertEquals(2 * 2 * RECORD, cases);
    }

    private static void check(final FaultyStorageIo io, final int whole, final String what) throws IOException {
        try (LogStore store = Fixtures.open(io, 2)) {
            assertEquals(expected(whole), readAll(store.log(1), 1), what);
            assertEquals(List.of(), store.corruptRanges(), what);
            assertEquals(whole + 1L, await(store, store.log(1).append(text(payload(whole + 1)))), what);
        }
        try (LogStore store = Fixtures.open(io, 3)) {
            assertEquals(expected(whole + 1), readAll(store.log(1), 1), what + ", second recovery");
        }
    }

    private static List<Fixtures.Entry> expected(final int count) {
        final List<Fixtures.Entry> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(new Fixtures.Entry(i, payload(i)));
        }
        return list;
    }
}
