package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.jrestate.log.segments.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record-size limit: valid by default (Restate's 32 MiB {@code record-size-limit} in 64 MiB segments), derived
 * from small segments when not set, refused with a clear message when set too large, a record of exactly the
 * limit round-trips, and lowering the limit between runs never turns stored records into corruption.
 */
class RecordLimitTest {
    @Test
    void shouldBuildTheDefaultsWithTheReferenceRecordLimit() {
        final LogStoreOptions options = LogStoreOptions.builder().build();
        assertEquals(64L << 20, options.segmentBytes());
        assertEquals(32 << 20, options.recordBytesMax());
    }

    @Test
    void shouldDeriveTheLimitFromSmallSegmentsUnlessSet() {
        final LogStoreOptions small = LogStoreOptions.builder().segmentBytes(1 << 20).build();
        assertEquals((1 << 20) - 4096 - 24, small.recordBytesMax());
        final LogStoreOptions set = LogStoreOptions.builder().segmentBytes(1 << 20).recordBytesMax(1000).build();
        assertEquals(1000, set.recordBytesMax());
    }

    @Test
    void shouldRefuseALimitThatDoesNotFitASegmentNamingBoth() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LogStoreOptions.builder().segmentBytes(1 << 20).recordBytesMax(2 << 20).build());
        assertTrue(e.getMessage().contains("recordBytesMax 2097152") && e.getMessage().contains("1048576"),
            e.getMessage());
    }

    @Test
    void shouldAppendAndReadARecordOfExactlyTheLimitInAFreshSegment() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
        try (LogStore store = LogStore.open(Fixtures.DIR, Fixtures.invoker(io, 1).build())) {
            final int limit = LogStoreOptions.recordBytesMaxFor(Fixtures.SMALL_SEGMENT);
            await(store, store.log(1).append(ByteBuffer.allocate(100)));
            assertEquals(2L, await(store, store.log(1).append(filled(limit, (byte) 7))));
            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> await(store, store.log(1).append(ByteBuffer.allocate(limit + 1))));
            assertTrue(tooBig.getMessage().contains("exceeds recordBytesMax"), tooBig.getMessage());
            final List<Integer> sizes = new ArrayList<>();
            store.log(1).read(1, 10, (lsn, payload) -> sizes.add(payload.remaining()));
            assertEquals(List.of(100, limit), sizes);
        }
    }

    @Test
    void shouldReadRecordsAboveALoweredLimitAfterReopen() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(6));
        try (LogStore store = LogStore.open(Fixtures.DIR, Fixtures.invoker(io, 1).recordBytesMax(8192).build())) {
            for (int i = 0; i < 3; i++) {
                await(store, store.log(1).append(filled(6000, (byte) i)));
            }
        }
        try (LogStore store = LogStore.open(Fixtures.DIR, Fixtures.invoker(io, 2).recordBytesMax(1024).build())) {
            assertEquals(List.of(), store.corruptRanges());
            final List<Byte> firstBytes = new ArrayList<>();
            store.log(1).read(1, 10, (lsn, payload) -> firstBytes.add(payload.get(payload.position())));
            assertEquals(List.of((byte) 0, (byte) 1, (byte) 2), firstBytes);
            assertThrows(IllegalArgumentException.class,
                () -> await(store, store.log(1).append(ByteBuffer.allocate(6000))));
            assertEquals(4L, await(store, store.log(1).append(ByteBuffer.allocate(1024))));
        }
    }

    private static ByteBuffer filled(final int size, final byte value) {
        final byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return ByteBuffer.wrap(bytes);
    }
}
