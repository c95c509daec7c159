package io.jrestate.worker.internal.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write hash table under snapshot captures: a frozen view keeps exactly the content at freeze time
 * while every key is overwritten or removed afterwards, the live map matches a plain {@link HashMap} fed the same
 * writes, overlapping freezes each keep their own content, and after the last release nothing counts as shared.
 */
class CowHashMapTest {
    @Test
    void shouldKeepAFrozenViewUnchangedWhileEveryKeyIsRewritten() {
        final CowHashMap<Integer, String> map = new CowHashMap<>();
        final Map<Integer, String> model = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            map.put(i, "v" + i);
            model.put(i, "v" + i);
        }
        final Map<Integer, String> atFreeze = new HashMap<>(model);
        final Map<Integer, String> frozen = map.freeze();
        for (int i = 0; i < 20_000; i += 2) {
            map.put(i, "w" + i);
            model.put(i, "w" + i);
            map.remove(i + 1);
            model.remove(i + 1);
        }
        map.put(-1, "new");
        model.put(-1, "new");
        final Map<Integer, String> second = map.freeze();
        map.remove(0);
        model.remove(0);
        assertEquals(atFreeze, frozen, "the first frozen view");
        assertEquals(20_000, frozen.size());
        assertEquals("v1", frozen.get(1));
        assertNull(frozen.get(-1));
        assertEquals(10_001, second.size());
        assertEquals("w0", second.get(0));
        assertEquals(model, map.view(), "the live map");
        assertEquals(model.size(), map.size());
        assertNull(map.remove(12_345_678), "removing an absent key changes nothing");
        assertEquals(model.size(), map.size());
    }

    @Test
    void shouldStopCopyingOnceEveryFrozenViewIsReleased() {
        final CowHashMap<String, String> map = new CowHashMap<>();
        final long before = map.generation();
        assertFalse(map.isShared(before), "nothing is shared before a freeze");
        map.freeze();
        map.freeze();
        assertTrue(map.isShared(before), "shared while frozen");
        map.release();
        assertTrue(map.isShared(before), "still shared with the second view");
        map.release();
        assertFalse(map.isShared(before), "released");
        assertFalse(map.isShared(map.generation()), "the current generation is never shared");
    }
}
