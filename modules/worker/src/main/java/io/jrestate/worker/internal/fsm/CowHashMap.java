package io.jrestate.worker.internal.fsm;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A hash map whose content can be frozen in O(segments) time, so a snapshot can capture a large table on the
 * partition thread without copying it: the keys are spread over {@value #SEGMENTS} segments (each a plain
 * {@link HashMap}, created on first use) and {@link #freeze()} copies only the array of segment references. From
 * then on every segment is shared with the frozen view; the first write to a shared segment copies that segment
 * (about {@code size / SEGMENTS} entries) and writes the copy, so the frozen view never changes.
 *
 * <pre>
 *  live:    [seg 0][seg 1][seg 2] ... [seg 1023]      freeze(): copy the 1024 references, generation + 1
 *              |      |      |
 *  frozen:  [  *  ][  *  ][  *  ] ...                  a put into seg 1 copies seg 1 first (generation stamp)
 * </pre>
 *
 * <p>Generations: {@link #freeze()} moves the map to a new generation; a segment (or a mutable value, see
 * {@link #isShared(long)}) created in an older generation may be referenced by a frozen view that has not been
 * released yet and must be copied before it is changed. Once every frozen view is {@link #release released},
 * nothing is shared and writes stop copying. Not thread-safe: one thread (the partition's) writes and freezes; a
 * frozen view may be read by any thread once handed over through a happens-before edge (an executor).
 *
 * @param <K> the key type
 * @param <V> the value type (values that are mutated in place must be copied by the caller when shared)
 */
public final class CowHashMap<K, V> {
    /** The number of segments (a power of two). */
    public static final int SEGMENTS = 1024;
    private static final int SEGMENT_SHIFT = 32 - Integer.numberOfTrailingZeros(SEGMENTS);
    private Segment<K, V>[] segments = newSegments();
    private long generation = 1;
    private long sharedBelow;
    private int unreleased;
    private int size;

    /** One segment: a hash map stamped with the generation it was created in. */
    private record Segment<K, V>(HashMap<K, V> map, long generation) {
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Segment<K, V>[] newSegments() {
        return (Segment<K, V>[]) new Segment<?, ?>[SEGMENTS];
    }

    private static int indexOf(final Object key) {
        // Fibonacci hashing on the high bits: HashMap inside a segment indexes by the low bits, so the two must
        // not use the same bits (every key of a segment would land in a few buckets).
        return (key.hashCode() * 0x9E3779B9) >>> SEGMENT_SHIFT;
    }

    /**
     * The value of a key.
     *
     * @param key the key
     * @return the value, or null
     */
    public V get(final Object key) {
        final Segment<K, V> segment = segments[indexOf(key)];
        return segment == null ? null : segment.map.get(key);
    }

    /**
     * Sets a key's value.
     *
     * @param key the key
     * @param value the value (not null)
     * @return the previous value, or null
     */
    public V put(final K key, final V value) {
        final V previous = writable(indexOf(key)).put(key, value);
        if (previous == null) {
            size++;
        }
        return previous;
    }

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the removed value, or null
     */
    public V remove(final Object key) {
        final int index = indexOf(key);
        final Segment<K, V> segment = segments[index];
        if (segment == null || !segment.map.containsKey(key)) {
            return null;
        }
        final V previous = writable(index).remove(key);
        size--;
        return previous;
    }

    /**
     * The number of keys.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * The current generation: stamp values created now with it.
     *
     * @return the generation
     */
    public long generation() {
        return generation;
    }

    /**
     * Whether something stamped with a generation may be referenced by an unreleased frozen view (copy it before
     * changing it).
     *
     * @param stamp the generation the value or segment was created in
     * @return true when it may be shared
     */
    public boolean isShared(final long stamp) {
        return stamp < sharedBelow;
    }

    private HashMap<K, V> writable(final int index) {
        final Segment<K, V> segment = segments[index];
        if (segment != null && !isShared(segment.generation)) {
            return segment.map;
        }
        final HashMap<K, V> map = segment == null ? new HashMap<>() : new HashMap<>(segment.map);
        segments[index] = new Segment<>(map, generation);
        return map;
    }

    /**
     * Freezes the current content: O({@value #SEGMENTS}). Later writes copy what they change.
     *
     * @return a read-only view of the content now, never changed by later writes
     */
    public Map<K, V> freeze() {
        final Segment<K, V>[] frozen = segments.clone();
        generation++;
        sharedBelow = generation;
        unreleased++;
        return new Frozen<>(frozen, size);
    }

    /**
     * Declares that one view returned by {@link #freeze()} is no longer read; once all are, writes stop copying.
     */
    public void release() {
        if (unreleased > 0 && --unreleased == 0) {
            sharedBelow = 0;
        }
    }

    /**
     * The content as a read-only map over the live segments (no copy, no generation change); valid until the next
     * write, and only on the writing thread.
     *
     * @return the view
     */
    public Map<K, V> view() {
        return new Frozen<>(segments, size);
    }

    /** A frozen view over a copy of the segment array. */
    private static final class Frozen<K, V> extends AbstractMap<K, V> {
        private final Segment<K, V>[] segments;
        private final int size;

        Frozen(final Segment<K, V>[] segments, final int size) {
            this.segments = segments;
            this.size = size;
        }

        @Override
        public V get(final Object key) {
            final Segment<K, V> segment = segments[indexOf(key)];
            return segment == null ? null : segment.map.get(key);
        }

        @Override
        public boolean containsKey(final Object key) {
            final Segment<K, V> segment = segments[indexOf(key)];
            return segment != null && segment.map.containsKey(key);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return new EntryIterator<>(segments);
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    /** Iterates the entries of every non-empty segment, read-only. */
    private static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Segment<K, V>[] segments;
        private int next;
        private Iterator<Map.Entry<K, V>> current = java.util.Collections.emptyIterator();

        EntryIterator(final Segment<K, V>[] segments) {
            this.segments = segments;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next < segments.length) {
                final Segment<K, V> segment = segments[next++];
                if (segment != null) {
                    current = segment.map.entrySet().iterator();
                }
            }
            return current.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            final Map.Entry<K, V> entry = current.next();
            return Map.entry(entry.getKey(), entry.getValue());
        }
    }
}
