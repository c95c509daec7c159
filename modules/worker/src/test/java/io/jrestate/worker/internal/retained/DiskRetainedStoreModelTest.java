package io.jrestate.worker.internal.retained;

import static io.jrestate.worker.internal.retained.DiskRetainedStoreTest.BUCKET_MS;
import static io.jrestate.worker.internal.retained.DiskRetainedStoreTest.T0;
import static io.jrestate.worker.internal.retained.DiskRetainedStoreTest.assertSameRow;
import static io.jrestate.worker.internal.retained.DiskRetainedStoreTest.completed;
import static io.jrestate.worker.internal.retained.DiskRetainedStoreTest.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.RetainedCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk store against a map model under a seeded random mix of retains (ids reused after removal), lookups,
 * single removals, bucket expiries, checkpoints and crashes followed by a restore of one of the two latest
 * checkpoints (replay with {@code -Dseed=N}).
 */
@Tag("property")
class DiskRetainedStoreModelTest {
    /** A model row: which synthetic invocation, its output size and its expiry. */
    private record Row(long n, int outputBytes, long expiresAtMs) {
    }

    /** A checkpoint with the model as it was. */
    private record Saved(RetainedCheckpoint checkpoint, Map<InvocationKey, Row> model, long nowMs) {
    }

    @Test
    void shouldAgreeWithTheModelAcrossCrashesAndRestores(@TempDir final Path dir) throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("DiskRetainedStoreModelTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS);
        Map<InvocationKey, Row> model = new HashMap<>();
        final List<Saved> saved = new ArrayList<>();
        long nowMs = T0;
        long lsn = 0;
        int crashes = 0;
        try {
            for (int step = 0; step < 2_000; step++) {
                final int op = random.nextInt(100);
                final long n = 1 + random.nextInt(400);
                final InvocationKey id = id(n);
                if (op < 45) {
                    if (!model.containsKey(id)) {
                        final int size = random.nextInt(50) == 0 ? 70_000 : random.nextInt(2_000);
                        final long expiresAtMs = nowMs + 1 + random.nextLong(5 * BUCKET_MS);
                        store.retain(completed(n, size), expiresAtMs);
                        model.put(id, new Row(n, size, expiresAtMs));
                    }
                } else if (op < 75) {
                    final Row row = model.get(id);
                    if (row == null) {
                        assertNull(store.get(id), "step " + step);
                    } else {
                        assertSameRow(completed(row.n(), row.outputBytes()), store.get(id));
                    }
                } else if (op < 85) {
                    assertEquals(model.remove(id) != null, store.remove(id), "step " + step);
                } else if (op < 94) {
                    nowMs += random.nextLong(BUCKET_MS);
                    final long bucketEnd = store.bucketEndMs(nowMs) - BUCKET_MS;
                    final long expected = model.values().stream()
                            .filter(r -> RetainedCodec.bucketEndMs(r.expiresAtMs(), BUCKET_MS) <= bucketEnd).count();
                    model.values().removeIf(r -> RetainedCodec.bucketEndMs(r.expiresAtMs(), BUCKET_MS) <= bucketEnd);
                    assertEquals(expected, store.expireBuckets(bucketEnd), "step " + step);
                } else if (op < 97) {
                    saved.add(new Saved(store.checkpoint(++lsn), new HashMap<>(model), nowMs));
                } else if (!saved.isEmpty()) {
                    final Saved back = saved.get(saved.size() - 1 - (saved.size() > 1 ? random.nextInt(2) : 0));
                    store.close();
                    store = DiskRetainedStore.restore(dir, back.checkpoint());
                    model = new HashMap<>(back.model());
                    nowMs = back.nowMs();
                    saved.subList(saved.indexOf(back) + 1, saved.size()).clear();
                    saved.subList(0, saved.size() - 1).clear();
                    crashes++;
                    assertAll(store, model, step);
                }
                assertEquals(model.size(), store.size(), "step " + step);
            }
            assertAll(store, model, -1);
        } finally {
            store.close();
        }
        System.out.println("DiskRetainedStoreModelTest: " + crashes + " crashes and restores");
    }

    private static void assertAll(final DiskRetainedStore store, final Map<InvocationKey, Row> model,
            final int step) {
        for (long n = 1; n <= 400; n++) {
            final Row row = model.get(id(n));
            if (row == null) {
                assertNull(store.get(id(n)), "row " + n + " at step " + step);
            } else {
                assertSameRow(completed(n, row.outputBytes()), store.get(id(n)));
            }
        }
    }
}
