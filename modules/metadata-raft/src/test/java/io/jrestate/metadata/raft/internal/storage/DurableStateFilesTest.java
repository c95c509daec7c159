package io.jrestate.metadata.raft.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the checksummed hard-state and snapshot files (round trip, leftover temp files from an interrupted
 * write, refusal of corrupt files with the file named), the recovery table of {@link RaftStorage}, and the crash
 * model of {@link MemoryRaftLogStorage} the simulator relies on.
 */
class DurableStateFilesTest {
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripTheHardStateAndIgnoreAnUnfinishedTempFile() throws IOException {
        final FileHardStateStore store = new FileHardStateStore(dir);
        assertEquals(HardState.EMPTY, store.load());
        store.save(new HardState(7, 3));
        Files.write(dir.resolve(FileHardStateStore.FILE_NAME + ".tmp"), new byte[] {1, 2, 3});
        assertEquals(new HardState(7, 3), new FileHardStateStore(dir).load());
        assertFalse(Files.exists(dir.resolve(FileHardStateStore.FILE_NAME + ".tmp")));
    }

    @Test
    void shouldRefuseAHardStateFileWithAFlippedBit() throws IOException {
        new FileHardStateStore(dir).save(new HardState(7, 3));
        final Path file = dir.resolve(FileHardStateStore.FILE_NAME);
        for (int bit = 0; bit < Files.size(file) * 8; bit += 13) {
            final byte[] bytes = Files.readAllBytes(file);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, bytes);
            final IOException e = assertThrows(IOException.class, () -> new FileHardStateStore(dir).load());
            assertTrue(e.getMessage().contains(FileHardStateStore.FILE_NAME), e.getMessage());
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, bytes);
        }
        assertEquals(new HardState(7, 3), new FileHardStateStore(dir).load());
    }

    @Test
    void shouldRoundTripASnapshotAndRefuseACorruptOne() throws IOException {
        final FileSnapshotStore store = new FileSnapshotStore(dir);
        assertNull(store.load());
        final Snapshot snapshot = new Snapshot(42, 5, new ConfState(new TreeSet<>(List.of(1L, 2L)),
            new TreeSet<>(List.of(4L))), new byte[] {9, 8, 7});
        store.save(snapshot);
        final Snapshot loaded = new FileSnapshotStore(dir).load();
        assertEquals(42, loaded.index());
        assertEquals(5, loaded.term());
        assertEquals(snapshot.conf(), loaded.conf());
        assertArrayEquals(new byte[] {9, 8, 7}, loaded.data());
        final Path file = dir.resolve(FileSnapshotStore.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x40;
        Files.write(file, bytes);
        final IOException e = assertThrows(IOException.class, () -> new FileSnapshotStore(dir).load());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void shouldRefuseALogThatDoesNotJoinTheSnapshot() throws IOException {
        final MemoryRaftLogStorage log = new MemoryRaftLogStorage();
        log.reset(20);
        log.append(List.of(new Entry(21, 2, EntryType.NORMAL, new byte[0])));
        final MemorySnapshotStore snapshots = new MemorySnapshotStore();
        snapshots.save(new Snapshot(10, 1, ConfState.ofVoters(1), new byte[0]));
        final RaftStorage storage = new RaftStorage(new MemoryHardStateStore(), snapshots, log);
        final IOException e = assertThrows(IOException.class, storage::load);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shouldResetTheLogWhenTheSnapshotIsAheadOfIt() throws IOException {
        final MemoryRaftLogStorage log = new MemoryRaftLogStorage();
        log.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0])));
        final MemorySnapshotStore snapshots = new MemorySnapshotStore();
        snapshots.save(new Snapshot(10, 1, ConfState.ofVoters(1), new byte[0]));
        final RaftStorage.Recovered recovered = new RaftStorage(new MemoryHardStateStore(), snapshots, log).load();
        assertTrue(recovered.entries().isEmpty());
        assertEquals(11, log.firstIndex());
    }

    @Test
    void shouldKeepOnlyAPrefixOfUnsyncedWritesOnCrash() {
        for (long seed = 0; seed < 30; seed++) {
            final MemoryRaftLogStorage log = new MemoryRaftLogStorage();
            log.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[0])));
            try {
                log.sync();
            } catch (final IOException e) {
                throw new AssertionError(e);
            }
            log.append(List.of(new Entry(2, 1, EntryType.NORMAL, new byte[0]),
                new Entry(3, 1, EntryType.NORMAL, new byte[0])));
            final int lost = log.crash(new SplittableRandom(seed));
            assertEquals(3 - lost, log.lastIndex(), "seed " + seed);
            assertTrue(log.lastIndex() >= 1, "synced entries survive, seed " + seed);
        }
    }
}
