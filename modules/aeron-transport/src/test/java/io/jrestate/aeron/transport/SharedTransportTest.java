package io.jrestate.aeron.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's shared transport: the first acquirer starts it with its options (computed only then), later ones
 * share it, the last release closes it, and a failed start holds nothing. The node-level generation grows by one
 * per start, seeded from older per-role files, and names a corrupt file.
 */
class SharedTransportTest {
    @TempDir
    Path dir;

    @Test
    void shouldStartOnceShareAndCloseOnTheLastRelease() throws Exception {
        final List<AeronTransport> started = new ArrayList<>();
        final SharedTransport shared = new SharedTransport(options -> {
            final AeronTransport transport = AeronTransport.start(options);
            started.add(transport);
            return transport;
        });
        final AtomicInteger optionCalls = new AtomicInteger();
        final int port = TestNodes.freeUdpPort();
        final Transport first = shared.acquire(() -> {
            optionCalls.incrementAndGet();
            return TestNodes.options(1, 1, port);
        });
        final Transport second = shared.acquire(() -> {
            optionCalls.incrementAndGet();
            return TestNodes.options(1, 2, port);
        });
        assertSame(first, second);
        assertEquals(1, optionCalls.get(), "options are computed by the starter only");
        assertEquals(new GenerationalNodeId(1, 1), second.identity().nodeId());
        shared.release();
        assertTrue(shared.current().isPresent(), "one user left");
        shared.release();
        assertFalse(shared.current().isPresent());
        assertEquals(SendStatus.CLOSED, first.send(2, 1, new byte[0]), "closed by the last release");
        assertThrows(IllegalStateException.class, shared::release);
        assertThrows(IOException.class, () -> shared.acquire(() -> {
            throw new IOException("no generation file");
        }));
        assertFalse(shared.current().isPresent(), "a failed start holds nothing");
    }

    @Test
    void shouldBumpTheNodeGenerationSeededFromOlderFiles() throws IOException {
        final Path older = dir.resolve("metadata-server").resolve("generation");
        Files.createDirectories(older.getParent());
        Files.writeString(older, "7\n");
        assertEquals(8, SharedTransport.nextGeneration(dir, older, dir.resolve("missing")));
        assertEquals(9, SharedTransport.nextGeneration(dir, older));
        assertEquals(10, SharedTransport.nextGeneration(dir));
        Files.writeString(dir.resolve(SharedTransport.GENERATION_FILE), "x");
        final IOException corrupt = assertThrows(IOException.class, () -> SharedTransport.nextGeneration(dir));
        assertTrue(corrupt.getMessage().contains("corrupt generation file"), corrupt.getMessage());
    }
}
