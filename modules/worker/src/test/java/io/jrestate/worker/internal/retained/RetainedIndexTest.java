package io.jrestate.worker.internal.retained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The index against a plain map model under random puts, exact removals and bulk removals, with hashes drawn
 * from a small range so that probe runs are long and equal hashes are common (replay with {@code -Dseed=N}).
 */
class RetainedIndexTest {
    @Test
    void shouldAgreeWithAMapModelUnderRandomOperations() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("RetainedIndexTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final RetainedIndex index = new RetainedIndex();
        final Map<Long, Long> model = new HashMap<>();
        long nextPosition = 1;
        for (int step = 0; step < 50_000; step++) {
            final int op = random.nextInt(100);
            if (op < 60) {
                final long hash = 1 + random.nextInt(50_000);
                final long position = nextPosition++;
                index.put(hash, position);
                model.put(position, hash);
            } else if (op < 99 && !model.isEmpty()) {
                final long position = 1 + random.nextLong(nextPosition - 1);
                final Long hash = model.remove(position);
                assertEquals(hash != null, index.remove(hash == null ? 7 : hash, position), "step " + step);
            } else {
                final long modulus = 2 + random.nextInt(5);
                final long removed = index.removeIf(position -> position % modulus == 0);
                final long expected = model.keySet().stream().filter(p -> p % modulus == 0).count();
                model.keySet().removeIf(p -> p % modulus == 0);
                assertEquals(expected, removed, "step " + step);
            }
            if (step % 5_000 == 0) {
                assertSameRows(index, model);
            }
        }
        assertSameRows(index, model);
    }

    @Test
    void shouldKeepEveryRowOfOneHashReachable() {
        final RetainedIndex index = new RetainedIndex();
        for (long position = 1; position <= 5_000; position++) {
            index.put(42, position);
        }
        for (long position = 1; position <= 5_000; position += 2) {
            assertTrue(index.remove(42, position));
        }
        assertEquals(2_500, positionsOf(index, 42).size());
        assertEquals(2_500, index.size());
    }

    private static void assertSameRows(final RetainedIndex index, final Map<Long, Long> model) {
        assertEquals(model.size(), index.size());
        final Map<Long, List<Long>> byHash = new HashMap<>();
        model.forEach((position, hash) -> byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(position));
        byHash.forEach((hash, positions) -> {
            final List<Long> found = positionsOf(index, hash);
            found.sort(null);
            positions.sort(null);
            assertEquals(positions, found, "positions of hash " + hash);
        });
    }

    private static List<Long> positionsOf(final RetainedIndex index, final long hash) {
        final List<Long> found = new ArrayList<>();
        for (int slot = index.firstSlot(hash); !index.isEmpty(slot); slot = index.next(slot)) {
            if (index.hashAt(slot) == hash) {
                found.add(index.positionAt(slot));
            }
        }
        return found;
    }
}
