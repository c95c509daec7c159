package io.jrestate.metadata.raft.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Raft log on log-segments over an in-memory faulty disk ({@link FaultyStorageIo}, INVOKER threading): synced
 * entries survive power loss, unsynced ones are lost only as a suffix, suffix truncation and resets survive
 * crashes, and a damaged record before the durable marker refuses the open. Seeded loops print their seed.
 */
class SegmentRaftLogStorageTest {
    private static final Path DIR = Path.of("/member/raft-log-segments");
    private static final Path SEGMENT = DIR.resolve("journal").resolve("00000000000000000001.seg");

    static List<Entry> entries(final long from, final long to, final long term) {
        final List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(i, term, EntryType.NORMAL, ("entry-" + i + "-t" + term).getBytes(
                StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static SegmentRaftLogStorage open(final FaultyStorageIo io, final long seed) throws IOException {
        return SegmentRaftLogStorage.open(DIR, LogStoreOptions.builder().io(io).segmentBytes(64 * 1024)
            .threading(LogStoreOptions.Threading.INVOKER).random(new SplittableRandom(seed)).spareSegments(0)
            .build());
    }

    private static List<Entry> readAll(final SegmentRaftLogStorage log) throws IOException {
        return log.lastIndex() < log.firstIndex() ? List.of() : log.read(log.firstIndex(), log.lastIndex());
    }

    @Test
    void shouldKeepSyncedEntriesAcrossPowerLossAndLoseOnlyAnUnsyncedSuffix() throws IOException {
        for (long seed = 1; seed <= 40; seed++) {
            final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(seed));
            final SplittableRandom random = new SplittableRandom(seed);
            final int synced = 1 + random.nextInt(60);
            final int unsynced = random.nextInt(60);
            final SegmentRaftLogStorage log = open(io, seed);
            for (int i = 1; i <= synced; i += 7) {
                log.append(entries(i, Math.min(synced, i + 6), 1));
            }
            log.sync();
            if (unsynced > 0) {
                log.append(entries(synced + 1, synced + unsynced, 1));
            }
            io.crash(seed % 2 == 0 ? FaultyStorageIo.CrashMode.LOSE_UNSYNCED
                : FaultyStorageIo.CrashMode.KEEP_RANDOM_PAGES);
            try (SegmentRaftLogStorage reopened = open(io, seed + 1000)) {
                final List<Entry> all = readAll(reopened);
                assertTrue(all.size() >= synced && all.size() <= synced + unsynced, "seed " + seed + ": "
                    + all.size() + " entries after synced " + synced + " + unsynced " + unsynced);
                assertEquals(entries(1, all.size(), 1), all, "seed " + seed + ": a prefix of what was written");
                assertEquals(1, reopened.firstIndex(), "seed " + seed);
            }
        }
    }

    @Test
    void shouldTruncateASuffixDurablyAndAppendTheLeadersEntries() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(3));
        try (SegmentRaftLogStorage log = open(io, 1)) {
            log.append(entries(1, 10, 1));
            log.sync();
            log.truncateAfter(6);
            assertEquals(6, log.lastIndex());
            log.append(entries(7, 8, 2));
            log.sync();
            assertEquals(concat(entries(1, 6, 1), entries(7, 8, 2)), readAll(log));
        }
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        try (SegmentRaftLogStorage log = open(io, 2)) {
            assertEquals(concat(entries(1, 6, 1), entries(7, 8, 2)), readAll(log));
            log.truncateAfter(7);
            log.append(entries(8, 9, 3));
            log.sync();
        }
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        try (SegmentRaftLogStorage log = open(io, 3)) {
            assertEquals(concat(entries(1, 6, 1), entries(7, 7, 2), entries(8, 9, 3)), readAll(log));
        }
    }

    @Test
    void shouldLeaveEitherTheOldOrTheNewLogWhenATruncationWasNotSynced() throws IOException {
        for (long seed = 1; seed <= 30; seed++) {
            final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(seed));
            final SegmentRaftLogStorage log = open(io, seed);
            log.append(entries(1, 10, 1));
            log.sync();
            log.truncateAfter(4);
            log.append(entries(5, 6, 2));
            io.crash(FaultyStorageIo.CrashMode.KEEP_RANDOM_PAGES);
            try (SegmentRaftLogStorage reopened = open(io, seed + 100)) {
                final List<Entry> all = readAll(reopened);
                final List<List<Entry>> allowed = List.of(entries(1, 10, 1), entries(1, 4, 1),
                    concat(entries(1, 4, 1), entries(5, 5, 2)), concat(entries(1, 4, 1), entries(5, 6, 2)));
                assertTrue(allowed.contains(all), "seed " + seed + ": unexpected log " + all);
            }
        }
    }

    @Test
    void shouldTrimAPrefixAndResetPastTheEndAcrossRestarts() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(4));
        try (SegmentRaftLogStorage log = open(io, 1)) {
            log.append(entries(1, 10, 1));
            log.trimPrefix(4);
            log.sync();
            assertEquals(5, log.firstIndex());
            assertEquals(entries(5, 10, 1), readAll(log));
        }
        try (SegmentRaftLogStorage log = open(io, 2)) {
            assertEquals(5, log.firstIndex());
            assertEquals(entries(5, 10, 1), readAll(log));
            log.reset(20);
            log.append(entries(21, 22, 2));
            log.sync();
        }
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        try (SegmentRaftLogStorage log = open(io, 3)) {
            assertEquals(21, log.firstIndex(), "the gap left by the reset is no entry");
            assertEquals(entries(21, 22, 2), readAll(log));
            log.reset(21);
            log.append(entries(22, 22, 3));
            log.sync();
            assertEquals(entries(22, 22, 3), readAll(log));
        }
        try (SegmentRaftLogStorage log = open(io, 4)) {
            assertEquals(entries(22, 22, 3), readAll(log));
            log.reset(30);
            log.sync();
        }
        try (SegmentRaftLogStorage log = open(io, 5)) {
            assertTrue(log.lastIndex() < log.firstIndex(), "empty after a reset");
            assertTrue(log.lastIndex() <= 30, "the snapshot decides where it continues: " + log.lastIndex());
            assertThrows(IOException.class, () -> log.reset(2), "a reset below the trim point is refused");
        }
    }

    @Test
    void shouldRefuseToOpenALogWithADamagedRecordBeforeTheMarker() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
        try (SegmentRaftLogStorage log = open(io, 1)) {
            for (long i = 1; i <= 6; i++) {
                log.append(entries(i, i, 1));
                log.sync();
            }
        }
        io.corrupt(SEGMENT, 4096 + 40, 0x10);
        final IOException refused = assertThrows(IOException.class, () -> open(io, 2));
        assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
        assertFalse(refused.getMessage().isBlank());
    }

    @SafeVarargs
    static List<Entry> concat(final List<Entry>... parts) {
        final List<Entry> out = new ArrayList<>();
        for (final List<Entry> part : parts) {
            out.addAll(part);
        }
        return out;
    }
}
