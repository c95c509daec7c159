package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo.CrashMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static io.jrestate.log.segments.Fixtures.await;
import static io.jrestate.log.segments.Fixtures.readAll;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults from the reliability plan, injected through {@link FaultyStorageIo}: a failed fsync fences the store
 * (no acknowledgement after it, not even after a later fsync that "succeeds"), a full disk fails appends cleanly
 * at segment creation and the store recovers once space returns, short writes are completed, a misdirected write
 * is detected as corruption instead of being cut, and power loss during a metadata write keeps old or new state.
 */
class FaultInjectionTest {
    @Test
    void shouldFenceOnFsyncFailureAndNeverAcknowledgeAfterIt() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(1));
        try (LogStore store = Fixtures.open(io, 1)) {
            assertEquals(1L, await(store, store.log(1).append(text("a1"))));
            io.failNextForce();
            final CompletableFuture<Long> failed = store.log(1).append(text("a2"));
            final CompletableFuture<Void> tail = store.log(1).awaitAppended(2);
            store.doWork();
            assertInstanceOf(LogFencedException.class, failed.exceptionNow());
            assertInstanceOf(LogFencedException.class, tail.exceptionNow());
            final CompletableFuture<Long> after = store.log(1).append(text("a3"));
            store.doWork();
            assertInstanceOf(LogFencedException.class, after.exceptionNow(), "fsync would now 'succeed': still no ack");
            assertEquals(1L, store.log(1).lastDurableLsn(), "readers never see the unsynced record");
        }
        io.crash(CrashMode.LOSE_UNSYNCED);
        try (LogStore store = Fixtures.open(io, 2)) {
            assertEquals(List.of(new Fixtures.Entry(1, "a1")), readAll(store.log(1), 1));
            assertEquals(2L, await(store, store.log(1).append(text("b2"))));
        }
    }

    @Test
    void shouldFailCleanlyWhenTheDiskIsFullAndRecoverWhenSpaceReturns() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(2));
        try (LogStore store = Fixtures.open(io, 1)) {
            io.capacityBytes(Fixtures.SMALL_SEGMENT + 16 * 1024);
            final String big = "x".repeat(1000);
            long last = 0;
            LogStorageFullException full = null;
            for (int i = 0; i < 200 && full == null; i++) {
                final CompletableFuture<Long> f = store.log(1).append(text(big));
                store.doWork();
                if (f.isCompletedExceptionally()) {
                    full = assertInstanceOf(LogStorageFullException.class, f.exceptionNow());
                } else {
                    last = f.join();
                }
            }
            assertTrue(full != null && full.getMessage().contains("disk full"), "appends must hit the full disk");
            assertEquals(last, store.log(1).lastDurableLsn());
            io.capacityBytes(Long.MAX_VALUE);
            assertEquals(last + 1, await(store, store.log(1).append(text("after"))), "no LSN was consumed");
            assertEquals(last + 1, readAll(store.log(1), 1).size());
        }
    }

    @Test
    void shouldCompleteShortWrites() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(3));
        try (LogStore store = Fixtures.open(io, 1)) {
            io.shortWriteNext();
            io.shortWriteNext();
            assertEquals(1L, await(store, store.log(1).append(text("x".repeat(3000)))));
        }
        io.crash(CrashMode.LOSE_UNSYNCED);
        try (LogStore store = Fixtures.open(io, 2)) {
            assertEquals("x".repeat(3000), readAll(store.log(1), 1).get(0).text());
        }
    }

    @Test
    void shouldReportAMisdirectedWriteBelowTheMarkerAsCorruption() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(4));
        try (LogStore store = Fixtures.open(io, 1)) {
            await(store, store.log(1).append(text("first")));
            io.misdirectNextWrite(8192);
            await(store, store.log(1).append(text("misdirected")));
            await(store, store.log(1).append(text("third")));
        }
        try (LogStore store = Fixtures.open(io, 2)) {
            final List<CorruptRange> ranges = store.log(1).corruptRanges();
            assertFalse(ranges.isEmpty(), "the hole where record 2 should be is below the marker");
            assertEquals(2L, ranges.get(0).fromLsn());
            assertThrows(CorruptLogException.class, () -> readAll(store.log(1), 2));
        }
    }

    @Test
    void shouldKeepOldOrNewMetadataWhenPowerFailsDuringAMetadataWrite() throws IOException {
        for (int n = 1; n <= 3; n++) {
            final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
            try (LogStore store = Fixtures.open(io, 1)) {
                await(store, store.log(1).append(text("a")));
                io.crashAtForce(n, CrashMode.KEEP_RANDOM_PAGES);
                final CompletableFuture<Void> seal = store.log(1).seal();
                store.doWork();
                assertTrue(seal.isCompletedExceptionally(), "power lost at fsync " + n);
            }
            try (LogStore store = Fixtures.open(io, 2)) {
                assertEquals(List.of(new Fixtures.Entry(1, "a")), readAll(store.log(1), 1));
                final boolean sealed = store.log(1).metadata().sealed();
                final List<Long> acks = new ArrayList<>();
                final CompletableFuture<Long> next = store.log(1).append(text("b"));
                store.doWork();
                if (sealed) {
                    assertInstanceOf(LogSealedException.class, next.exceptionNow());
                } else {
                    acks.add(next.join());
                    assertEquals(List.of(2L), acks);
                }
            }
        }
    }
}
