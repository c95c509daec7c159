package io.jrestate.metadata.raft.internal.storage;

import static io.jrestate.metadata.raft.internal.storage.SegmentRaftLogStorageTest.concat;
import static io.jrestate.metadata.raft.internal.storage.SegmentRaftLogStorageTest.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Ready;
import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production Raft storage on the real file system (dedicated log-segments writer): compaction with snapshots
 * and snapshot installs through {@link RaftStorage} across restarts, and the one-time migration of an old
 * {@code raft-log} file.
 */
class RaftLogOnDiskTest {
    @TempDir
    Path dir;

    private RaftStorage storage(final SegmentRaftLogStorage log) {
        return new RaftStorage(new FileHardStateStore(dir), new FileSnapshotStore(dir), log);
    }

    private static Ready ready(final HardState hardState, final Snapshot snapshot,
                               final List<io.jrestate.metadata.raft.core.Entry> entries) {
        return new Ready(hardState, snapshot, entries, List.of(), List.of(), List.of());
    }

    private static Snapshot snapshot(final long index, final long term) {
        return new Snapshot(index, term, ConfState.ofVoters(1), ("state@" + index).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRecoverSnapshotAndTheEntriesAfterItAcrossCompactionsAndRestarts() throws IOException {
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            final RaftStorage storage = storage(log);
            storage.persist(ready(new HardState(1, 1), null, entries(1, 30, 1)));
            storage.compact(snapshot(20, 1));
            storage.persist(ready(new HardState(2, 1), null, entries(25, 35, 2)));
        }
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            final RaftStorage.Recovered recovered = storage(log).load();
            assertEquals(new HardState(2, 1), recovered.hardState());
            assertEquals(20, recovered.snapshot().index());
            assertEquals(concat(entries(21, 24, 1), entries(25, 35, 2)), recovered.entries());
            storage(log).compact(snapshot(35, 2));
        }
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            final RaftStorage.Recovered recovered = storage(log).load();
            assertEquals(35, recovered.snapshot().index());
            assertEquals(List.of(), recovered.entries());
            storage(log).persist(ready(null, null, entries(36, 40, 2)));
        }
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            assertEquals(entries(36, 40, 2), storage(log).load().entries());
        }
    }

    @Test
    void shouldStartTheLogAfterAnInstalledSnapshot() throws IOException {
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            final RaftStorage storage = storage(log);
            storage.persist(ready(new HardState(1, 0), null, entries(1, 10, 1)));
            storage.persist(ready(new HardState(3, 0), snapshot(50, 3), List.of()));
            storage.persist(ready(null, null, entries(51, 53, 3)));
        }
        try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(dir)) {
            final RaftStorage.Recovered recovered = storage(log).load();
            assertEquals(50, recovered.snapshot().index());
            assertEquals(entries(51, 53, 3), recovered.entries());
        }
    }

    @Test
    void shouldMoveAnOldRaftLogFileIntoTheSegmentsOnce() throws IOException {
        try (FileRaftLogStorage old = FileRaftLogStorage.open(dir)) {
            old.reset(4);
            old.append(entries(5, 12, 1));
            old.append(entries(13, 14, 2));
            old.sync();
        }
        final List<io.jrestate.metadata.raft.core.Entry> expected = concat(entries(5, 12, 1), entries(13, 14, 2));
        try (SegmentRaftLogStorage log = RaftLogMigration.openMigrating(dir)) {
            assertEquals(5, log.firstIndex());
            assertEquals(expected, log.read(5, 14));
        }
        assertFalse(Files.exists(dir.resolve(FileRaftLogStorage.FILE_NAME)));
        assertTrue(Files.exists(dir.resolve(RaftLogMigration.MIGRATED_NAME)), "the old file is kept, renamed");
        try (SegmentRaftLogStorage log = RaftLogMigration.openMigrating(dir)) {
            assertEquals(expected, log.read(log.firstIndex(), log.lastIndex()));
            log.append(entries(15, 15, 2));
            log.sync();
        }
        try (SegmentRaftLogStorage log = RaftLogMigration.openMigrating(dir)) {
            assertEquals(concat(expected, entries(15, 15, 2)), log.read(5, 15));
        }
    }

    @Test
    void shouldFinishAMigrationInterruptedAfterAPartialCopy() throws IOException {
        try (FileRaftLogStorage old = FileRaftLogStorage.open(dir)) {
            old.append(entries(1, 9, 1));
            old.sync();
        }
        try (SegmentRaftLogStorage partial = SegmentRaftLogStorage.open(dir)) {
            partial.append(entries(1, 4, 1));
            partial.sync();
        }
        try (SegmentRaftLogStorage log = RaftLogMigration.openMigrating(dir)) {
            assertEquals(entries(1, 9, 1), log.read(1, 9));
        }
        assertNull(Files.exists(dir.resolve(FileRaftLogStorage.FILE_NAME)) ? "still there" : null);
    }
}
