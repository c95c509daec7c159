package io.jrestate.log.server.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.server.DigestReply;
import io.jrestate.log.server.LogletInfoReply;
import io.jrestate.log.server.LogletRecord;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.TailQuery;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.wire.LogServerWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jrestate.log.server.internal.CoreHarness.await;
import static io.jrestate.log.server.internal.CoreHarness.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log server's storage and checks, driven through encoded requests as the RPC layer hands them over (no
 * transport): records by offset with gaps, the store rules (seal, sequencer binding, duplicates, gaps below the
 * tail, expiry), trim and seal, tail waits, digests, and durability: seal, trim point, sequencer, tails survive a
 * restart, and a store whose fsync failed is never acknowledged (a power loss then loses it).
 */
class LogServerCoreTest {
    private static final long LOGLET = (7L << 32) | 2;

    @TempDir
    Path dir;

    @Test
    void shouldStoreAndReadRecordsByOffsetWithGaps() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            assertEquals(new TailState(LogletStatus.OK, 4, 0, false), server.store(LOGLET, 1, "a", "b", "c"));
            assertEquals(new TailState(LogletStatus.OK, 8, 0, false), server.store(LOGLET, 6, "f", "g"));
            final RecordsReply all = server.read(LOGLET, 1, 100, 1 << 20);
            assertEquals(List.of("1=a", "2=b", "3=c", "6=f", "7=g"), render(all.records()));
            assertEquals(8, all.nextOffset());
            final RecordsReply budget = server.read(LOGLET, 2, 100, 2);
            assertEquals(List.of("2=b", "3=c"), render(budget.records()), "budget of 2 bytes: two 1-byte records");
            assertEquals(4, budget.nextOffset());
            final RecordsReply window = server.read(LOGLET, 3, 6, 1 << 20);
            assertEquals(List.of("3=c", "6=f"), render(window.records()));
            assertEquals(7, window.nextOffset());
            assertEquals(List.of(new DigestReply.Run(1, 3, DigestReply.RunStatus.EXISTS),
                new DigestReply.Run(6, 7, DigestReply.RunStatus.EXISTS)), server.digest(LOGLET, 1, 20).runs());
            assertEquals(List.of(), server.read(LOGLET + 1, 1, 10, 100).records(), "another loglet is empty");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldRefuseStoresOnASealedLogletExceptRepairStores() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            server.store(LOGLET, 1, "a", "b");
            final CompletableFuture<TailState> waiting = server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 100);
            assertEquals(new TailState(LogletStatus.OK, 3, 0, true), server.seal(LOGLET));
            assertTrue(await(waiting).sealed(), "a tail wait resolves on seal");
            assertEquals(LogletStatus.SEALED, server.store(LOGLET, 3, "c").status());
            assertEquals(LogletStatus.OK, server.seal(LOGLET).status(), "sealing again is fine");
            final TailState repaired = await(server.storeAsync(LOGLET, CoreHarness.SEQUENCER,
                LogServerWire.FLAG_IGNORE_SEAL, 3, texts("c"), 0));
            assertEquals(new TailState(LogletStatus.OK, 4, 0, true), repaired);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldRefuseAStoreFromAnotherSequencer() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            server.store(LOGLET, 1, "a");
            final TailState other = await(server.storeAsync(LOGLET, new GenerationalNodeId(2, 1), 0, 2, texts("x"),
                0));
            assertEquals(LogletStatus.SEQUENCER_MISMATCH, other.status());
            final TailState newerGeneration = await(server.storeAsync(LOGLET, new GenerationalNodeId(1, 2), 0, 2,
                texts("x"), 0));
            assertEquals(LogletStatus.SEQUENCER_MISMATCH, newerGeneration.status(), "a restarted sequencer is another");
            assertEquals(LogletStatus.OK, server.store(LOGLET, 2, "b").status());
            assertEquals(List.of("1=a", "2=b"), render(server.read(LOGLET, 1, 10, 100).records()));
        } finally {
            server.close();
        }
    }

    @Test
    void shouldAcceptRetriesAndRefuseFillingGapsBelowTheTail() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            server.store(LOGLET, 1, "a", "b", "c");
            assertEquals(new TailState(LogletStatus.OK, 4, 0, false), server.store(LOGLET, 1, "a", "b", "c"));
            server.store(LOGLET, 5, "e", "f");
            assertEquals(LogletStatus.OUT_OF_BOUNDS, server.store(LOGLET, 4, "d").status());
            assertEquals(LogletStatus.OUT_OF_BOUNDS, server.store(LOGLET, 3, "c", "d", "e", "f", "g").status());
            assertEquals(new TailState(LogletStatus.OK, 9, 0, false), server.store(LOGLET, 5, "e", "f", "g", "h"),
                "a retry overlapping the tail stores its new suffix");
            assertEquals(List.of("1=a", "2=b", "3=c", "5=e", "6=f", "7=g", "8=h"),
                render(server.read(LOGLET, 1, 100, 1 << 20).records()));
        } finally {
            server.close();
        }
    }

    @Test
    void shouldDropAnExpiredStoreUnwritten() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            final TailState expired = await(server.storeAsync(LOGLET, CoreHarness.SEQUENCER, 0, 1, texts("a"),
                server.nowMs.get() - 1));
            assertEquals(new TailState(LogletStatus.DROPPED, 1, 0, false), expired);
            assertEquals(LogletStatus.OK, await(server.storeAsync(LOGLET, CoreHarness.SEQUENCER, 0, 1, texts("a"),
                server.nowMs.get() + 1000)).status());
        } finally {
            server.close();
        }
    }

    @Test
    void shouldTrimNoFurtherThanTheKnownGlobalTail() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            server.store(LOGLET, 1, "a", "b", "c", "d", "e");
            assertEquals(new TailState(LogletStatus.OK, 6, 4, false), server.trim(LOGLET, 10, 4));
            assertEquals(3, server.info(LOGLET).trimPointOffset(), "clipped to global tail 4 - 1");
            final RecordsReply read = server.read(LOGLET, 1, 5, 1 << 20);
            assertEquals(List.of("trimmed 1..3", "4=d", "5=e"), render(read.records()));
            assertEquals(List.of(new DigestReply.Run(2, 3, DigestReply.RunStatus.TRIMMED),
                new DigestReply.Run(4, 5, DigestReply.RunStatus.EXISTS)), server.digest(LOGLET, 2, 9).runs());
            assertEquals(LogletStatus.OK, server.trim(LOGLET, 2, 0).status(), "a lower trim point changes nothing");
            assertEquals(3, server.info(LOGLET).trimPointOffset());
            assertEquals(LogletStatus.OK, server.store(LOGLET, 2, "b").status(), "a store below the trim point");
            assertEquals(List.of("trimmed 1..3", "4=d", "5=e"), render(server.read(LOGLET, 1, 5, 100).records()));
        } finally {
            server.close();
        }
    }

    @Test
    void shouldAnswerTailWaitsWhenTheTailArrives() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            final CompletableFuture<TailState> local = server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 3);
            final CompletableFuture<TailState> global = server.waitForTail(LOGLET, TailQuery.GLOBAL_TAIL, 10);
            server.store(LOGLET, 1, "a");
            assertFalse(local.isDone(), "local tail 2 is not 3");
            server.store(LOGLET, 2, "b");
            assertEquals(new TailState(LogletStatus.OK, 3, 0, false), await(local));
            server.release(LOGLET, 9);
            assertEquals(9, server.info(LOGLET).tail().knownGlobalTailOffset());
            assertFalse(global.isDone(), "global tail 9 is not 10");
            server.release(LOGLET, 10);
            assertEquals(10, await(global).knownGlobalTailOffset());
            assertEquals(LogletStatus.OK, await(server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 2)).status(),
                "a tail already reached answers at once");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldBoundTheWaitersAndLetExpiredOnesMakeRoom() throws Exception {
        final LogServerOptions two = LogServerOptions.defaults();
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem(), MetaJournal.COMPACT_AFTER_RECORDS,
            new LogServerOptions(two.requestQueueCapacity(), 2, two.readBudgetBytesMax(), two.digestRunsMax(),
                TimeUnit.HOURS.toNanos(1)));
        try {
            final CompletableFuture<TailState> first = server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 5);
            server.waitForTail(LOGLET + 1, TailQuery.GLOBAL_TAIL, 5);
            assertEquals(LogletStatus.DROPPED, await(server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 9)).status());
            server.store(LOGLET, 1, "a", "b", "c", "d");
            assertEquals(5, await(first).localTailOffset(), "answered, freeing its slot");
            final CompletableFuture<TailState> third = server.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 9);
            server.store(LOGLET, 5, "e", "f", "g", "h");
            assertEquals(9, await(third).localTailOffset());
        } finally {
            server.close();
        }
        final CoreHarness expiring = CoreHarness.open(dir, StorageIo.fileSystem(),
            MetaJournal.COMPACT_AFTER_RECORDS, new LogServerOptions(64, 1, 1 << 20, 64, 0));
        try {
            final CompletableFuture<TailState> old = expiring.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 100);
            final CompletableFuture<TailState> young = expiring.waitForTail(LOGLET, TailQuery.LOCAL_TAIL, 100);
            assertEquals(new TailState(LogletStatus.OK, 9, 0, false), await(old), "expired: answered as is");
            assertFalse(young.isDone(), "the new waiter took the slot");
        } finally {
            expiring.close();
        }
    }

    @Test
    void shouldKeepSealTrimPointTailsAndSequencerAcrossARestart() throws Exception {
        CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        server.store(LOGLET, 1, "a", "b", "c", "d", "e");
        server.release(LOGLET, 4);
        server.trim(LOGLET, 2, 0);
        server.seal(LOGLET);
        server.store(LOGLET + 1, 1, "other");
        server.close();
        server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            final LogletInfoReply info = server.info(LOGLET);
            assertEquals(new LogletInfoReply(new TailState(LogletStatus.OK, 6, 4, true), 2), info);
            assertEquals(LogletStatus.SEALED, server.store(LOGLET, 6, "f").status());
            assertEquals(LogletStatus.SEQUENCER_MISMATCH, await(server.storeAsync(LOGLET, new GenerationalNodeId(3,
                1), LogServerWire.FLAG_IGNORE_SEAL, 6, texts("f"), 0)).status(), "the binding survived");
            assertEquals(List.of("trimmed 1..2", "3=c", "4=d", "5=e"),
                render(server.read(LOGLET, 1, 10, 100).records()));
            assertEquals(new TailState(LogletStatus.OK, 2, 0, false), server.info(LOGLET + 1).tail());
        } finally {
            server.close();
        }
    }

    @Test
    void shouldNeverAcknowledgeAStoreWhoseFsyncFailed() throws Exception {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(42));
        final Path store = Path.of("/log-store");
        CoreHarness server = CoreHarness.open(store, io);
        server.store(LOGLET, 1, "a");
        io.failNextForce();
        assertEquals(LogletStatus.DISABLED, server.store(LOGLET, 2, "b").status());
        assertEquals(LogletStatus.DISABLED, server.store(LOGLET, 3, "c").status(), "the store stays fenced");
        server.close();
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        server = CoreHarness.open(store, io);
        try {
            assertEquals(List.of("1=a"), render(server.read(LOGLET, 1, 10, 100).records()));
            assertEquals(2, server.info(LOGLET).tail().localTailOffset());
            assertEquals(LogletStatus.OK, server.store(LOGLET, 2, "b2").status(), "the lost offset is free again");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldKeepLogletMetadataWhenTheJournalIsCompacted() throws Exception {
        CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem(), 10);
        for (long tail = 1; tail <= 40; tail++) {
            server.release(LOGLET + tail % 3, tail);
        }
        server.store(LOGLET, 1, "a", "b", "c");
        server.trim(LOGLET, 2, 0);
        server.seal(LOGLET + 1);
        for (long tail = 41; tail <= 60; tail++) {
            server.release(LOGLET + 2, tail);
        }
        assertEquals(60, server.info(LOGLET + 2).tail().knownGlobalTailOffset());
        server.close();
        try (LogStore raw = LogStore.open(dir, LogStoreOptions.builder().segmentBytes(1L << 20).spareSegments(0)
            .build())) {
            assertTrue(raw.log(MetaJournal.LOG_ID).firstLsn() > 20, "the journal was trimmed after compaction: "
                + raw.log(MetaJournal.LOG_ID).metadata());
        }
        server = CoreHarness.open(dir, StorageIo.fileSystem(), 10);
        try {
            assertEquals(new LogletInfoReply(new TailState(LogletStatus.OK, 4, 39, false), 2), server.info(LOGLET));
            assertEquals(new TailState(LogletStatus.OK, 1, 40, true), server.info(LOGLET + 1).tail());
            assertEquals(60, server.info(LOGLET + 2).tail().knownGlobalTailOffset());
        } finally {
            server.close();
        }
    }

    @Test
    void shouldRefuseTheReservedJournalLogletId() throws Exception {
        final CoreHarness server = CoreHarness.open(dir, StorageIo.fileSystem());
        try {
            assertEquals(LogletStatus.MALFORMED, server.store(MetaJournal.LOG_ID, 1, "x").status());
            assertThrows(java.util.concurrent.TimeoutException.class, () -> server.waitForTail(LOGLET,
                TailQuery.LOCAL_TAIL, 5).get(200, TimeUnit.MILLISECONDS), "nothing stored: the wait stays open");
        } finally {
            server.close();
        }
    }

    static List<String> render(final List<LogletRecord> records) {
        final List<String> out = new ArrayList<>();
        for (final LogletRecord record : records) {
            if (record instanceof LogletRecord.Data data) {
                out.add(data.offset() + "=" + new String(data.payload(), StandardCharsets.UTF_8));
            } else if (record instanceof LogletRecord.TrimGap gap) {
                out.add("trimmed " + gap.fromOffset() + ".." + gap.toOffset());
            }
        }
        return out;
    }
}
