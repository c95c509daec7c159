package io.jrestate.metadata.raft.internal.storage;

import java.io.IOException;

/** A hook the in-memory stores call before each durable operation, so tests can make it fail like fsync. */
@FunctionalInterface
public interface IoFaults {
    /** Never fails. */
    IoFaults NONE = what -> { };

    /**
     * Called before a durable operation.
     *
     * @param what which operation, for the error message ("log.sync", "hardstate.save", "snapshot.save")
     * @throws IOException to make the operation fail
     */
    void beforeDurableOp(String what) throws IOException;
}
