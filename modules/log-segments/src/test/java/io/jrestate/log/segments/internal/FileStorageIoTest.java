package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exercises the production {@link StorageIo} on a real temporary directory: positional writes are visible
 * through an earlier read-only mapping (shared page cache), rename replaces, listing is sorted, and a mapping
 * past the end of the file is refused with the file named.
 */
class FileStorageIoTest {
    @TempDir
    Path dir;

    @Test
    void shouldSeeLaterWritesThroughAnEarlierMapping() throws IOException {
        final StorageIo io = StorageIo.fileSystem();
        final Path file = dir.resolve("seg");
        try (StorageFile f = io.open(file, StorageIo.OpenMode.CREATE_NEW)) {
            f.writeFully(ByteBuffer.allocate(8192), 0);
            f.force(true);
            final ByteBuffer map = f.mapReadOnly(0, 8192);
            f.writeFully(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), 4096);
            assertEquals('h', map.get(4096));
            assertEquals('o', map.get(4100));
            assertTrue(map.isReadOnly());
            final IOException e = assertThrows(IOException.class, () -> f.mapReadOnly(4096, 8192));
            assertTrue(e.getMessage().contains("seg"), e.getMessage());
        }
        io.fsyncDirectory(dir);
    }

    @Test
    void shouldRenameListAndDelete() throws IOException {
        final StorageIo io = StorageIo.fileSystem();
        for (String name : List.of("b", "a")) {
            io.open(dir.resolve(name), StorageIo.OpenMode.CREATE_NEW).close();
        }
        io.rename(dir.resolve("b"), dir.resolve("c"));
        assertEquals(List.of(dir.resolve("a"), dir.resolve("c")), io.list(dir));
        io.delete(dir.resolve("a"));
        assertFalse(io.exists(dir.resolve("a")));
        io.fsyncDirectory(dir);
    }
}
