package io.jrestate.worker.internal.fsm;

import java.io.Serial;
import java.util.ArrayDeque;

/**
 * One object's inbox (FIFO of waiting invocations), stamped with the {@link CowHashMap} generation it was created
 * in: when a snapshot capture may still read it, a write copies it first (see {@link InMemoryPartitionState}).
 */
final class Inbox extends ArrayDeque<InvocationKey> {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The generation this inbox was created in. */
    final long cowGeneration;

    Inbox(final long cowGeneration) {
        this.cowGeneration = cowGeneration;
    }

    /**
     * A copy stamped with a newer generation.
     *
     * @param generation the generation of the copy
     * @return the copy
     */
    Inbox copy(final long generation) {
        final Inbox copy = new Inbox(generation);
        copy.addAll(this);
        return copy;
    }
}
