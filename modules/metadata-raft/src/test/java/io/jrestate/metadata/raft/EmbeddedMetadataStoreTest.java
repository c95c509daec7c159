package io.jrestate.metadata.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercises the single-node metadata store end to end on a real directory: the one-member Raft group, its files,
 * the client and the state machine. Restarts close the store and reopen the same directory, checking that every
 * acknowledged write survives, across log compactions too.
 */
@Timeout(60)
class EmbeddedMetadataStoreTest {
    @TempDir
    Path dir;

    private static final String CT = "application/json";

    private static <T> T await(final CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static byte[] b(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private EmbeddedMetadataStore open(final long trimThreshold) throws Exception {
        return EmbeddedMetadataStore.open(dir, new MetadataServerOptions(1, Duration.ofMillis(20), 10, 2,
            trimThreshold, 32), MetadataClientOptions.defaults());
    }

    @Test
    void shouldPutGetAndVersionKeysWithPreconditions() throws Exception {
        try (EmbeddedMetadataStore store = open(1000)) {
            assertEquals(Optional.empty(), await(store.get("nodes_config")));
            assertEquals(1L, await(store.put("nodes_config", b("{\"v\":1}"), CT, Precondition.doesNotExist())));
            assertEquals(2L, await(store.put("nodes_config", b("{\"v\":2}"), CT, Precondition.matchesVersion(1))));
            final VersionedValue value = await(store.get("nodes_config")).orElseThrow();
            assertEquals(2, value.version());
            assertEquals(CT, value.contentType());
            assertArrayEquals(b("{\"v\":2}"), value.value());
            assertEquals(Optional.of(2L), await(store.getVersion("nodes_config")));
            assertEquals(3L, await(store.put("nodes_config", b("x"), CT, Precondition.none())));
        }
    }

    @Test
    void shouldFailAPutWhoseVersionDoesNotMatchAndLeaveTheValue() throws Exception {
        try (EmbeddedMetadataStore store = open(1000)) {
            await(store.put("k", b("a"), CT, Precondition.none()));
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(store.put("k", b("b"), CT, Precondition.matchesVersion(7))));
            final PreconditionFailedException failed = assertInstanceOf(PreconditionFailedException.class,
                e.getCause());
            assertEquals(1, failed.currentVersion());
            assertTrue(failed.getMessage().contains("'k'"), failed.getMessage());
            assertThrows(ExecutionException.class, () -> await(store.put("k", b("c"), CT,
                Precondition.doesNotExist())));
            assertArrayEquals(b("a"), await(store.get("k")).orElseThrow().value());
        }
    }

    @Test
    void shouldDeleteAKeyAndStartItsVersionsAgain() throws Exception {
        try (EmbeddedMetadataStore store = open(1000)) {
            await(store.put("k", b("a"), CT, Precondition.none()));
            assertThrows(ExecutionException.class, () -> await(store.delete("k", Precondition.matchesVersion(2))));
            await(store.delete("k", Precondition.matchesVersion(1)));
            assertEquals(Optional.empty(), await(store.get("k")));
            assertEquals(1L, await(store.put("k", b("b"), CT, Precondition.doesNotExist())));
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossRestartsAndCompactions() throws Exception {
        final int writes = 40;
        try (EmbeddedMetadataStore store = open(7)) {
            for (int i = 1; i <= writes; i++) {
                assertEquals(i, await(store.put("counter", b("v" + i), CT, Precondition.none())));
                await(store.put("key-" + i, b("k" + i), CT, Precondition.doesNotExist()));
            }
        }
        try (EmbeddedMetadataStore store = open(7)) {
            final VersionedValue counter = await(store.get("counter")).orElseThrow();
            assertEquals(writes, counter.version());
            assertArrayEquals(b("v" + writes), counter.value());
            for (int i = 1; i <= writes; i++) {
                assertArrayEquals(b("k" + i), await(store.get("key-" + i)).orElseThrow().value());
            }
            assertEquals(writes + 1, await(store.put("counter", b("next"), CT, Precondition.matchesVersion(writes))));
        }
        try (EmbeddedMetadataStore store = open(7)) {
            assertEquals(Optional.of((long) writes + 1), await(store.getVersion("counter")));
        }
    }
}
