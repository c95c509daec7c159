package io.jrestate.worker.internal.retained;

import java.util.function.LongPredicate;

/**
 * The in-heap index of the retained store: 64-bit id hash to 64-bit position, in two parallel primitive arrays
 * with linear probing (16 bytes a slot, at most 3/4 full: 16 to 43 bytes a row between resizes).
 *
 * <p>It is a multimap: different ids may share a hash, so a lookup visits every slot with the hash and the
 * caller checks the full id on disk. Hash 0 marks an empty slot ({@link #hash} never returns 0). Single
 * removals shift the rest of the probe run back (no tombstones); bulk removals rehash in place.
 */
final class RetainedIndex {
    private static final int MIN_CAPACITY = 1 << 10;
    private long[] hashes;
    private long[] positions;
    private int mask;
    private long size;

    RetainedIndex() {
        allocate(MIN_CAPACITY);
    }

    /** Mixes the three words of an invocation id into a non-zero hash (murmur3 finalizer per word). */
    static long hash(final long partitionKey, final long uuidHigh, final long uuidLow) {
        long h = mix(partitionKey) ^ Long.rotateLeft(mix(uuidHigh), 21) ^ Long.rotateLeft(mix(uuidLow), 42);
        h = mix(h);
        return h == 0 ? 1 : h;
    }

    private static long mix(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    long size() {
        return size;
    }

    int capacity() {
        return hashes.length;
    }

    /** The first slot to look at for a hash; continue with {@link #next} while {@link #isEmpty} is false. */
    int firstSlot(final long hash) {
        return home(hash, mask);
    }

    int next(final int slot) {
        return (slot + 1) & mask;
    }

    boolean isEmpty(final int slot) {
        return hashes[slot] == 0;
    }

    long hashAt(final int slot) {
        return hashes[slot];
    }

    long positionAt(final int slot) {
        return positions[slot];
    }

    void put(final long hash, final long position) {
        if ((size + 1) * 4 > (long) hashes.length * 3) {
            grow();
        }
        place(hash, position);
        size++;
    }

    /**
     * Removes the row with exactly this hash and position.
     *
     * @return true when it was there
     */
    boolean remove(final long hash, final long position) {
        for (int slot = firstSlot(hash); !isEmpty(slot); slot = next(slot)) {
            if (hashes[slot] == hash && positions[slot] == position) {
                removeSlot(slot);
                return true;
            }
        }
        return false;
    }

    /** Removes the row at a slot, shifting later rows of the probe run back so lookups still reach them. */
    void removeSlot(final int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = next(j);
            if (hashes[j] == 0) {
                break;
            }
            final int homeSlot = home(hashes[j], mask);
            final boolean staysPut = hole <= j ? hole < homeSlot && homeSlot <= j : hole < homeSlot || homeSlot <= j;
            if (!staysPut) {
                hashes[hole] = hashes[j];
                positions[hole] = positions[j];
                hole = j;
            }
        }
        hashes[hole] = 0;
        positions[hole] = 0;
        size--;
    }

    /**
     * Removes every row whose position matches, then rehashes in place (one pass over the table).
     *
     * @return the number removed
     */
    long removeIf(final LongPredicate positionMatches) {
        long removed = 0;
        for (int slot = 0; slot < hashes.length; slot++) {
            if (hashes[slot] != 0 && positionMatches.test(positions[slot])) {
                hashes[slot] = 0;
                removed++;
            }
        }
        if (removed == 0) {
            return 0;
        }
        size -= removed;
        int start = 0;
        while (hashes[start] != 0) {
            start++;
        }
        // Walking from an empty slot, re-place every row: it lands at or before its slot, never past an empty one.
        for (int n = 1; n <= hashes.length; n++) {
            final int slot = (start + n) & mask;
            final long hash = hashes[slot];
            if (hash != 0) {
                hashes[slot] = 0;
                place(hash, positions[slot]);
            }
        }
        return removed;
    }

    private void place(final long hash, final long position) {
        int slot = home(hash, mask);
        while (hashes[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        positions[slot] = position;
    }

    private void grow() {
        final long[] oldHashes = hashes;
        final long[] oldPositions = positions;
        if (oldHashes.length >= 1 << 30) {
            throw new IllegalStateException("retained index is full: " + size + " rows");
        }
        allocate(oldHashes.length * 2);
        for (int slot = 0; slot < oldHashes.length; slot++) {
            if (oldHashes[slot] != 0) {
                place(oldHashes[slot], oldPositions[slot]);
            }
        }
    }

    private void allocate(final int capacity) {
        hashes = new long[capacity];
        positions = new long[capacity];
        mask = capacity - 1;
    }

    private static int home(final long hash, final int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
    }
}
