package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
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
 * Functional behaviour of the store through its public API, in INVOKER mode over the in-memory storage so every
 * step is deterministic: interleaved logs, reads from any LSN, tailing, trim with gaps and segment deletion,
 * suffix truncation, seal and sequencer binding, and that all of it survives a clean reopen.
 */
class LogStoreTest {
    private FaultyStorageIo io() {
        return new FaultyStorageIo(new SplittableRandom(11));
    }

    private static List<Fixtures.Entry> expected(final int from, final int to, final String prefix) {
        final List<Fixtures.Entry> list = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            list.add(new Fixtures.Entry(i, prefix + i));
        }
        return list;
    }

    @Test
    void shouldReadBackInterleavedLogsFromAnyLsnAcrossSegments() throws IOException {
        final FaultyStorageIo io = io();
        try (LogStore store = Fixtures.open(io, 1)) {
            final List<CompletableFuture<Long>> acks = new ArrayList<>();
            for (int i = 1; i <= 600; i++) {
                acks.add(store.log(1).append(text("a" + i)));
                acks.add(store.log(2).append(text("b" + i + "x".repeat(100 + i % 300))));
                if (i % 50 == 0) {
                    store.doWork();
                }
            }
            await(store, acks.get(acks.size() - 1));
            assertEquals(600L, store.log(1).lastDurableLsn());
            assertEquals(expected(1, 600, "a"), readAll(store.log(1), 1));
            assertEquals(expected(377, 600, "a"), readAll(store.log(1), 377));
            assertEquals(600, readAll(store.log(2), 1).size());
            assertTrue(io.list(Fixtures.DIR.resolve("journal")).size() > 3, "600 x 2 records roll 64 KiB segments");
        }
        try (LogStore store = Fixtures.open(io, 2)) {
            assertEquals(expected(1, 600, "a"), readAll(store.log(1), 1));
            assertEquals(List.of(1L, 2L), store.logIds());
            assertEquals(601L, await(store, store.log(1).append(text("a601"))));
        }
    }

    @Test
    void shouldCompleteTailingWaitOnlyWhenTheRecordIsDurable() throws IOException {
        try (LogStore store = Fixtures.open(io(), 1)) {
            final CompletableFuture<Void> waiting = store.log(5).awaitAppended(2);
            store.log(5).append(text("one"));
            store.doWork();
            assertFalse(waiting.isDone(), "lsn 1 durable, 2 not yet");
            store.log(5).append(text("two"));
            assertFalse(waiting.isDone(), "queued is not durable");
            store.doWork();
            assertTrue(waiting.isDone());
            assertTrue(store.log(5).awaitAppended(1).isDone());
        }
    }

    @Test
    void shouldReportTrimGapAndDeleteSegmentsOnlyWhenEveryLogTrimmed() throws IOException {
        final FaultyStorageIo io = io();
        try (LogStore store = Fixtures.open(io, 1)) {
            for (int i = 1; i <= 400; i++) {
                store.log(1).append(text("a" + i + "y".repeat(200)));
                store.log(2).append(text("b" + i));
                store.doWork();
            }
            final int before = io.list(Fixtures.DIR.resolve("journal")).size();
            await(store, store.log(1).trimPrefix(350));
            assertEquals(before, io.list(Fixtures.DIR.resolve("journal")).size(), "log 2 still needs them");
            await(store, store.log(2).trimPrefix(390));
            assertTrue(io.list(Fixtures.DIR.resolve("journal")).size() < before, "trimmed segments deleted");
            final long[] gap = new long[2];
            final List<Long> lsns = new ArrayList<>();
            final long next = store.log(1).read(10, 3, new RecordVisitor() {
                @Override
                public boolean onRecord(final long lsn, final java.nio.ByteBuffer payload) {
                    return lsns.add(lsn);
                }

                @Override
                public void onTrimGap(final long fromLsn, final long toLsn) {
                    gap[0] = fromLsn;
                    gap[1] = toLsn;
                }
            });
            assertEquals(List.of(351L, 352L, 353L), lsns);
            assertEquals(354L, next);
            assertEquals(10L, gap[0]);
            assertEquals(350L, gap[1]);
        }
        try (LogStore store = Fixtures.open(io, 2)) {
            assertEquals(351L, store.log(1).firstLsn());
            assertEquals(readAll(store.log(1), 351).size(), 50);
            assertEquals(400L, store.log(2).lastDurableLsn());
        }
    }

    @Test
    void shouldTruncateSuffixDurablyAndContinueAfterIt() throws IOException {
        final FaultyStorageIo io = io();
        try (LogStore store = Fixtures.open(io, 1)) {
            for (int i = 1; i <= 20; i++) {
                store.log(7).append(text("old" + i));
            }
            store.doWork();
            await(store, store.log(7).truncateAfter(12));
            assertEquals(12L, store.log(7).lastDurableLsn());
            assertEquals(13L, await(store, store.log(7).append(text("new13"))));
            await(store, store.log(7).appendAt(14, text("new14")));
        }
        try (LogStore store = Fixtures.open(io, 2)) {
            final List<Fixtures.Entry> all = readAll(store.log(7), 1);
            assertEquals(14, all.size());
            assertEquals(new Fixtures.Entry(12, "old12"), all.get(11));
            assertEquals(new Fixtures.Entry(13, "new13"), all.get(12));
            assertEquals(new Fixtures.Entry(14, "new14"), all.get(13));
            assertEquals(14L, store.log(7).lastDurableLsn());
        }
    }

    @Test
    void shouldRefuseAppendsAfterSealAndKeepSealAndSequencerAcrossReopen() throws IOException {
        final FaultyStorageIo io = io();
        try (LogStore store = Fixtures.open(io, 1)) {
            await(store, store.log(3).append(text("x")));
            await(store, store.log(3).bindSequencer(0x0000_0002_0000_0005L));
            await(store, store.log(3).seal());
            final CompletableFuture<Long> refused = store.log(3).append(text("y"));
            store.doWork();
            assertInstanceOf(LogSealedException.class, refused.exceptionNow());
        }
        try (LogStore store = Fixtures.open(io, 2)) {
            final LogMetadata m = store.log(3).metadata();
            assertTrue(m.sealed());
            assertEquals(0x0000_0002_0000_0005L, m.sequencer());
            assertEquals(1L, m.lastDurableLsn());
        }
    }

    @Test
    void shouldRejectAppendAtNotAboveTheLastLsn() throws IOException {
        try (LogStore store = Fixtures.open(io(), 1)) {
            await(store, store.log(1).appendAt(10, text("ten")));
            final CompletableFuture<Long> bad = store.log(1).appendAt(10, text("again"));
            store.doWork();
            final Throwable e = assertThrows(java.util.concurrent.ExecutionException.class, bad::get).getCause();
            assertTrue(e.getMessage().contains("appendAt lsn 10"), e.getMessage());
            assertEquals(List.of(new Fixtures.Entry(10, "ten")), readAll(store.log(1), 1));
        }
    }
}
