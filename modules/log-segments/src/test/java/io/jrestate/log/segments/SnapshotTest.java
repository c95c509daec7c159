package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo.CrashMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot files: a committed snapshot reads back byte for byte; an uncommitted one vanishes in a crash; a
 * snapshot damaged anywhere (every byte of a small file is flipped in turn) or cut short is rejected with the file
 * named, and {@link SnapshotReader#openLatest} falls back to the previous good snapshot.
 */
class SnapshotTest {
    private static final Path DIR = Path.of("/snapshots");

    @TempDir
    Path realDir;

    private static byte[] body(final int length, final long seed) {
        final byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void write(final StorageIo io, final Path dir, final long lsn, final byte[] body)
        throws IOException {
        try (SnapshotWriter w = SnapshotWriter.create(io, dir, lsn)) {
            for (int at = 0; at < body.length; at += 1000) {
                w.write(ByteBuffer.wrap(body, at, Math.min(1000, body.length - at)));
            }
            w.commit();
        }
    }

    private static byte[] readBody(final SnapshotReader r) throws IOException {
        try (InputStream in = r.body()) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldRoundTripOnTheRealFileSystem() throws IOException {
        final byte[] body = body(200_000, 1);
        write(StorageIo.fileSystem(), realDir, 42, body);
        try (SnapshotReader r = SnapshotReader.openLatest(StorageIo.fileSystem(), realDir).orElseThrow()) {
            assertEquals(42, r.coveredLsn());
            assertArrayEquals(body, readBody(r));
        }
    }

    @Test
    void shouldLoseAnUncommittedSnapshotInACrashAndKeepThePreviousOne() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(2));
        write(io, DIR, 10, body(5000, 2));
        final SnapshotWriter w = SnapshotWriter.create(io, DIR, 20);
        w.write(ByteBuffer.wrap(body(5000, 3)));
        io.crash(CrashMode.KEEP_RANDOM_PAGES);
        try (SnapshotReader r = SnapshotReader.openLatest(io, DIR).orElseThrow()) {
            assertEquals(10, r.coveredLsn());
            assertArrayEquals(body(5000, 2), readBody(r));
        }
    }

    @Test
    void shouldRejectEveryFlippedByteAndFallBackToThePreviousSnapshot() throws IOException {
        final FaultyStorageIo base = new FaultyStorageIo(new SplittableRandom(3));
        write(base, DIR, 10, body(300, 4));
        write(base, DIR, 20, body(300, 5));
        final Path newest = DIR.resolve("snapshot-00000000000000000020.snap");
        final int length = base.contents(newest).length;
        for (int pos = 0; pos < length; pos++) {
            final FaultyStorageIo io = base.durableCopy(pos);
            io.corrupt(newest, pos, 0x20);
            final LogStoreException e = assertThrows(LogStoreException.class, () -> SnapshotReader.open(io, newest));
            assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
            try (SnapshotReader r = SnapshotReader.openLatest(io, DIR).orElseThrow()) {
                assertEquals(10, r.coveredLsn(), "flip at byte " + pos);
            }
        }
    }

    @Test
    void shouldRejectATruncatedSnapshot() throws IOException {
        final FaultyStorageIo base = new FaultyStorageIo(new SplittableRandom(4));
        write(base, DIR, 7, body(1000, 6));
        final Path file = DIR.resolve("snapshot-00000000000000000007.snap");
        final byte[] all = base.contents(file);
        for (int cut : new int[] {0, 10, 32, 500, all.length - 32, all.length - 1}) {
            final FaultyStorageIo io = base.durableCopy(cut);
            io.replaceAtRest(file, Arrays.copyOf(all, cut));
            assertThrows(LogStoreException.class, () -> SnapshotReader.open(io, file), "cut at " + cut);
            assertEquals(Optional.empty(), SnapshotReader.openLatest(io, DIR).map(SnapshotReader::coveredLsn));
        }
    }

    @Test
    void shouldPruneOldSnapshotsAndTemporaryFiles() throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(5));
        for (long lsn = 1; lsn <= 4; lsn++) {
            write(io, DIR, lsn * 100, body(10, lsn));
        }
        SnapshotWriter.create(io, DIR, 999).write(ByteBuffer.wrap(body(10, 9)));
        SnapshotReader.prune(io, DIR, 2);
        assertEquals(List.of(DIR.resolve("snapshot-00000000000000000300.snap"),
            DIR.resolve("snapshot-00000000000000000400.snap")), io.list(DIR));
    }
}
