package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.jrestate.log.segments.Fixtures.await;
import static io.jrestate.log.segments.Fixtures.readAll;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bit flips in durable data. A store with two interleaved logs is closed cleanly (its marker vouches for every
 * record); then, for every bit position of the first records, one bit is flipped and the store recovered. The
 * damage must never be cut silently: either the flip hit padding (not covered by the checksum, all data intact),
 * or the damaged log reports a refused range that contains the damaged LSN, reads across it fail with
 * {@link CorruptLogException}, and the records before it and the other log's records after it stay readable.
 * Flips in the segment header make open fail with the file named.
 */
class CorruptionTest {
    private static final Path SEGMENT = Fixtures.DIR.resolve("journal").resolve("00000000000000000001.seg");
    private static final int RECORDS = 6;

    private static FaultyStorageIo cleanStore() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
        try (LogStore store = Fixtures.open(io, 1)) {
            for (int i = 1; i <= RECORDS; i++) {
                store.log(1).append(text("one-" + i));
                store.log(2).append(text("two-" + i));
                store.doWork();
            }
            await(store, store.log(2).append(text("two-" + (RECORDS + 1))));
        }
        return io;
    }

    private static List<Fixtures.Entry> entries(final String prefix, final int count) {
        final List<Fixtures.Entry> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(new Fixtures.Entry(i, prefix + i));
        }
        return list;
    }

    @Test
    void shouldRefuseNeverCutAFlippedBitBelowTheMarker() throws IOException {
        final FaultyStorageIo base = cleanStore();
        final int end = 4096 + 2 * RECORDS * 32;
        int refusedCases = 0;
        for (int pos = 4096; pos < end; pos++) {
            for (int bit = 0; bit < 8; bit += 3) {
                final FaultyStorageIo io = base.durableCopy(pos);
                io.corrupt(SEGMENT, pos, 1 << bit);
                refusedCases += checkFlip(io, "bit " + bit + " of byte " + pos) ? 1 : 0;
            }
        }
        assertTrue(refusedCases > 100, "most flips hit checksummed bytes, got " + refusedCases);
    }

    private static boolean checkFlip(final FaultyStorageIo io, final String what) throws IOException {
        try (LogStore store = Fixtures.open(io, 2)) {
            final List<CorruptRange> ranges = store.corruptRanges();
            if (ranges.isEmpty()) {
                assertEquals(entries("one-", RECORDS), readAll(store.log(1), 1), what + ": padding flip");
                assertEquals(entries("two-", RECORDS + 1), readAll(store.log(2), 1), what + ": padding flip");
                return false;
            }
            for (CorruptRange r : ranges) {
                final SegmentLog log = store.log(r.logId());
                final String prefix = r.logId() == 1 ? "one-" : "two-";
                assertEquals(entries(prefix, (int) r.fromLsn() - 1), readBelow(log, r.fromLsn()), what + ": " + r);
                assertThrows(CorruptLogException.class, () -> readAll(log, r.fromLsn()), what);
                assertTrue(r.toLsn() == Long.MAX_VALUE || r.toLsn() <= RECORDS + 1, what + " " + r);
            }
            assertTrue(ranges.stream().anyMatch(r -> r.toLsn() != Long.MAX_VALUE)
                || ranges.stream().allMatch(r -> r.fromLsn() > 0), what);
            return true;
        }
    }

    private static List<Fixtures.Entry> readBelow(final SegmentLog log, final long refusedLsn) {
        final List<Fixtures.Entry> out = new ArrayList<>();
        if (refusedLsn > 1) {
            log.read(1, (int) refusedLsn - 1, (lsn, p) -> out.add(new Fixtures.Entry(lsn, Fixtures.text(p))));
        }
        return out;
    }

    @Test
    void shouldRefuseToOpenWithADamagedSegmentHeaderAndNameTheFile() throws IOException {
        final FaultyStorageIo base = cleanStore();
        for (int pos = 0; pos < 64; pos++) {
            final FaultyStorageIo io = base.durableCopy(pos);
            io.corrupt(SEGMENT, pos, 0x10);
            final LogStoreException e = assertThrows(LogStoreException.class, () -> Fixtures.open(io, 2),
                "flip in header byte " + pos);
            assertTrue(e.getMessage().contains("00000000000000000001.seg"), e.getMessage());
        }
    }

    @Test
    void shouldSurviveADamagedMarkerSlotWithoutLosingRecords() throws IOException {
        final FaultyStorageIo base = cleanStore();
        for (int pos : new int[] {512, 520, 530, 1024, 1032, 1050}) {
            final FaultyStorageIo io = base.durableCopy(pos);
            io.corrupt(SEGMENT, pos, 0x01);
            try (LogStore store = Fixtures.open(io, 2)) {
                assertEquals(entries("one-", RECORDS), readAll(store.log(1), 1));
                assertEquals(List.of(), store.corruptRanges());
            }
        }
    }

    @Test
    void shouldLiftARefusedTailWhenTheLogIsTruncatedBelowIt() throws IOException {
        final FaultyStorageIo io = cleanStore();
        final int lastOneRecord = 4096 + (2 * RECORDS - 2) * 32;
        io.corrupt(SEGMENT, lastOneRecord + 26, 0x04);
        try (LogStore store = Fixtures.open(io, 2)) {
            final SegmentLog one = store.log(1);
            assertFalse(one.corruptRanges().isEmpty());
            assertThrows(CorruptLogException.class, () -> await(store, one.append(text("x"))));
            await(store, one.truncateAfter(RECORDS - 1));
            assertEquals(List.of(), one.corruptRanges());
            assertEquals((long) RECORDS, await(store, one.append(text("one-" + RECORDS))));
            assertEquals(entries("one-", RECORDS), readAll(one, 1));
        }
    }
}
