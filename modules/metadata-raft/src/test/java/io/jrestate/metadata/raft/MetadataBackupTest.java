package io.jrestate.metadata.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata store's backup participant on a real directory: the cut holds every write until released, its
 * files (snapshot at the applied index, hard state) restore a store that serves exactly the values and versions
 * acknowledged before the cut, whether or not the log had been compacted, and the restored store takes writes and
 * survives a restart. A hold nobody releases ends on its own and voids the cut.
 */
@Timeout(60)
class MetadataBackupTest {
    private static final String CT = "text/plain";

    @TempDir
    Path dir;

    private static <T> T await(final CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static byte[] b(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EmbeddedMetadataStore open(final Path raftDir, final long trimThreshold) throws Exception {
        return EmbeddedMetadataStore.open(raftDir, new MetadataServerOptions(1, Duration.ofMillis(20), 10, 2,
            trimThreshold, 32), MetadataClientOptions.defaults());
    }

    /** Writes every file of a cut under {@code nodeDir} (paths are relative to the node directory). */
    private static void copy(final BackupCut cut, final Path nodeDir) throws Exception {
        for (final BackupFile f : cut.files()) {
            final ByteBuffer bytes = ByteBuffer.allocate((int) f.sizeBytes());
            while (bytes.hasRemaining() && cut.read(f.path(), bytes.position(), bytes) > 0) {
                continue;
            }
            Files.createDirectories(nodeDir.resolve(f.path()).getParent());
            Files.write(nodeDir.resolve(f.path()), bytes.array());
        }
    }

    @Test
    void shouldRestoreExactlyWhatWasAcknowledgedBeforeTheCut() throws Exception {
        for (final long trimThreshold : List.of(1000L, 4L)) {
            final Path source = dir.resolve("source-" + trimThreshold);
            final Path restored = dir.resolve("restored-" + trimThreshold);
            try (EmbeddedMetadataStore store = open(source.resolve("metadata-server"), trimThreshold)) {
                for (int i = 0; i < 10; i++) {
                    await(store.put("k" + (i % 3), b("v" + i), CT, Precondition.none()));
                }
                final BackupCut cut = await(store.backupParticipant().capture(Duration.ofSeconds(20)));
                final CompletableFuture<Long> during = store.put("k0", b("during"), CT, Precondition.none());
                Thread.sleep(150);
                assertFalse(during.isDone(), "a write during the hold is not acknowledged");
                cut.release();
                assertEquals(5L, await(during));
                assertFalse(cut.heldPastLimit());
                assertTrue(cut.positions().get("applied-index") >= 10, cut.positions().toString());
                copy(cut, restored);
                cut.close();
            }
            try (EmbeddedMetadataStore store = open(restored.resolve("metadata-server"), trimThreshold)) {
                final VersionedValue k0 = await(store.get("k0")).orElseThrow();
                assertEquals(4, k0.version());
                assertArrayEquals(b("v9"), k0.value());
                assertArrayEquals(b("v8"), await(store.get("k2")).orElseThrow().value());
                assertEquals(Optional.of(3L), await(store.getVersion("k1")));
                assertEquals(5L, await(store.put("k0", b("after"), CT, Precondition.matchesVersion(4))));
            }
            try (EmbeddedMetadataStore store = open(restored.resolve("metadata-server"), trimThreshold)) {
                assertArrayEquals(b("after"), await(store.get("k0")).orElseThrow().value());
            }
        }
    }

    @Test
    void shouldVoidACutThatIsNeverReleased() throws Exception {
        try (EmbeddedMetadataStore store = open(dir.resolve("m"), 1000)) {
            final BackupCut cut = await(store.backupParticipant().capture(Duration.ofMillis(100)));
            assertEquals(1L, await(store.put("k", b("v"), CT, Precondition.none())));
            assertTrue(cut.heldPastLimit());
            cut.close();
        }
    }
}
