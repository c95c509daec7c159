package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import java.io.Serial;
import java.util.TreeMap;

/**
 * One object's state entries, sorted by key bytes, stamped with the {@link CowHashMap} generation it was created
 * in: when a snapshot capture may still read it, a write copies it first (see {@link InMemoryPartitionState}).
 */
final class StateEntries extends TreeMap<ByteString, ByteString> {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The generation this map was created in. */
    final long cowGeneration;

    StateEntries(final long cowGeneration) {
        super(ByteString.unsignedLexicographicalComparator());
        this.cowGeneration = cowGeneration;
    }

    /**
     * A copy stamped with a newer generation.
     *
     * @param generation the generation of the copy
     * @return the copy
     */
    StateEntries copy(final long generation) {
        final StateEntries copy = new StateEntries(generation);
        copy.putAll(this);
        return copy;
    }
}
