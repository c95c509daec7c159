package io.jrestate.log.segments;

import io.jrestate.log.segments.internal.FormatException;
import io.jrestate.log.segments.internal.SegmentHeader;
import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo.CrashMode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.jrestate.log.segments.Fixtures.join;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable-position marker closes its window by itself: after appends stop (committed by the writer thread or
 * inline by the appender), the idle writer fsyncs a marker vouching for every acknowledged byte within a few
 * idle periods, so even a power loss right after cannot make recovery mistake acknowledged records for a torn tail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableMarkerTest {
    private static final Path SEGMENT = Fixtures.DIR.resolve("journal").resolve("00000000000000000001.seg");

    @ParameterizedTest(name = "inline commit {0}")
    @ValueSource(booleans = {false, true})
    void shouldVouchForEveryAcknowledgedByteSoonAfterAppendsStop(final boolean inline)
        throws IOException, FormatException, InterruptedException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(1));
        final LogStoreOptions options = LogStoreOptions.builder().io(io).segmentBytes(1 << 20).spareSegments(0)
            .markerIdleNs(5_000_000).inlineCommit(inline).random(new SplittableRandom(2)).build();
        final LogStore store = LogStore.open(Fixtures.DIR, options);
        for (int i = 0; i < 3; i++) {
            join(store.log(1).append(text("x")));
        }
        final long expectedEnd = SegmentHeader.DATA_START + 3 * 32;
        long vouched = 0;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (vouched != expectedEnd && System.nanoTime() < deadlineNs) {
            Thread.sleep(10);
            final ByteBuffer file = ByteBuffer.wrap(io.durableCopy(0).contents(SEGMENT));
            vouched = SegmentHeader.decode(file).readMarker(file).dataEnd();
        }
        assertEquals(expectedEnd, vouched, "the idle marker must cover all three acknowledged records");
        io.crash(CrashMode.LOSE_UNSYNCED);
        store.close();
        try (LogStore reopened = LogStore.open(Fixtures.DIR, LogStoreOptions.builder().io(io)
            .segmentBytes(1 << 20).threading(LogStoreOptions.Threading.INVOKER).build())) {
            assertEquals(3L, reopened.log(1).lastDurableLsn());
            assertTrue(reopened.corruptRanges().isEmpty());
        }
    }
}
