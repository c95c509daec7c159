package io.jrestate.log.segments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrestate.log.segments.testing.FaultyStorageIo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jazzer fuzz target for the snapshot reader: any file content either opens (and then its body streams to the
 * length the trailer declares, with a matching checksum) or is rejected with {@link LogStoreException}; nothing
 * else escapes. Regression inputs live in
 * {@code src/test/resources/io/jrestate/log/segments/SnapshotReaderFuzzTestInputs/}.
 */
class SnapshotReaderFuzzTest {
    private static final Path FILE = Path.of("/s/snapshot-00000000000000000001.snap");

    @FuzzTest(maxDuration = "60s")
    void snapshotReader(final byte[] data) throws IOException {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(0));
        io.createDirectories(FILE.getParent());
        io.replaceAtRest(FILE, data);
        final SnapshotReader reader;
        try {
            reader = SnapshotReader.open(io, FILE);
        } catch (LogStoreException e) {
            return;
        }
        try (reader; InputStream body = reader.body()) {
            assertEquals(reader.bodyBytes(), body.readAllBytes().length);
        }
    }
}
