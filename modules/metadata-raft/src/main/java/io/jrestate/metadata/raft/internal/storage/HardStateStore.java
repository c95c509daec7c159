package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.HardState;
import java.io.IOException;

/** Where a node keeps its term and vote. {@link #save} is durable when it returns. */
public interface HardStateStore {
    /**
     * Loads the state.
     *
     * @return the saved state, or {@link HardState#EMPTY} when none was ever saved
     * @throws IOException when it cannot be read or fails its checksum
     */
    HardState load() throws IOException;

    /**
     * Saves the state durably.
     *
     * @param state the state
     * @throws IOException when it could not be made durable (the node must stop)
     */
    void save(HardState state) throws IOException;
}
