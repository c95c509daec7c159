package io.jrestate.log.segments.testing;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.log.segments.StorageIo.OpenMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the crash and fault model of {@link FaultyStorageIo} itself, since every durability test relies on it:
 * unsynced data and names are lost on a power-loss crash, kept on a process kill, fsync failures drop dirty pages
 * silently, and the capacity limit produces ENOSPC only for growing writes.
 */
class FaultyStorageIoTest {
    private static final Path DIR = Path.of("/data");

    private static ByteBuffer bytes(final int length, final int value) {
        final byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void shouldLoseUnsyncedDataAndNamesOnPowerLoss() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(1));
        io.createDirectories(DIR);
        final Path synced = DIR.resolve("a");
        try (StorageFile f = io.open(synced, OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(100, 1), 0);
            f.force(false);
            io.fsyncDirectory(DIR);
            f.writeFully(bytes(100, 2), 100);
        }
        final Path unsyncedName = DIR.resolve("b");
        try (StorageFile f = io.open(unsyncedName, OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(10, 3), 0);
            f.force(false);
        }
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        assertArrayEquals(bytes(100, 1).array(), io.contents(synced));
        assertFalse(io.exists(unsyncedName), "a name never fsynced in its directory must vanish");
    }

    @Test
    void shouldKeepEverythingOnProcessKill() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(2));
        io.createDirectories(DIR);
        final Path file = DIR.resolve("a");
        try (StorageFile f = io.open(file, OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(50, 7), 0);
        }
        io.crash(FaultyStorageIo.CrashMode.KEEP_ALL);
        assertArrayEquals(bytes(50, 7).array(), io.contents(file));
    }

    @Test
    void shouldKeepOnlyWholeDirtyPagesOnRandomCrash() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(3));
        io.createDirectories(DIR);
        final Path file = DIR.resolve("a");
        try (StorageFile f = io.open(file, OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(8 * FaultyStorageIo.PAGE_BYTES, 0), 0);
            f.force(true);
            io.fsyncDirectory(DIR);
            f.writeFully(bytes(8 * FaultyStorageIo.PAGE_BYTES, 9), 0);
        }
        io.crash(FaultyStorageIo.CrashMode.KEEP_RANDOM_PAGES);
        final byte[] after = io.contents(file);
        int kept = 0;
        for (int page = 0; page < 8; page++) {
            final byte first = after[page * FaultyStorageIo.PAGE_BYTES];
            for (int i = 0; i < FaultyStorageIo.PAGE_BYTES; i++) {
                assertEquals(first, after[page * FaultyStorageIo.PAGE_BYTES + i], "pages survive whole");
            }
            kept += first == 9 ? 1 : 0;
        }
        assertTrue(kept > 0 && kept < 8, "with seed 3 some but not all of 8 pages survive, got " + kept);
    }

    @Test
    void shouldDropDirtyPagesWhenFsyncFails() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(4));
        io.createDirectories(DIR);
        final Path file = DIR.resolve("a");
        try (StorageFile f = io.open(file, OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(10, 1), 0);
            f.force(false);
            io.fsyncDirectory(DIR);
            f.writeFully(bytes(10, 2), 0);
            io.failNextForce();
            assertThrows(IOException.class, () -> f.force(false));
            f.force(false);
        }
        io.crash(FaultyStorageIo.CrashMode.LOSE_UNSYNCED);
        assertArrayEquals(bytes(10, 1).array(), io.contents(file), "the retried fsync must not persist the data");
    }

    @Test
    void shouldFailGrowingWritesWhenFullButNotOverwrites() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
        io.createDirectories(DIR);
        io.capacityBytes(100);
        try (StorageFile f = io.open(DIR.resolve("a"), OpenMode.CREATE_NEW)) {
            f.writeFully(bytes(100, 1), 0);
            f.writeFully(bytes(50, 2), 10);
            final IOException e = assertThrows(IOException.class, () -> f.writeFully(bytes(1, 3), 100));
            assertTrue(StorageIo.isNoSpace(e), e.getMessage());
        }
    }

    @Test
    void shouldRejectHandlesFromBeforeACrash() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(6));
        io.createDirectories(DIR);
        final StorageFile f = io.open(DIR.resolve("a"), OpenMode.CREATE_NEW);
        io.crash(FaultyStorageIo.CrashMode.KEEP_ALL);
        assertThrows(IOException.class, () -> f.writeFully(bytes(1, 1), 0));
    }
}
