package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;

/** Where a node keeps its latest snapshot. {@link #save} is durable when it returns. */
public interface SnapshotStore {
    /**
     * Loads the latest snapshot.
     *
     * @return the snapshot, or null when none was saved
     * @throws IOException when it cannot be read or fails its checksum
     */
    Snapshot load() throws IOException;

    /**
     * Saves a snapshot durably, replacing the previous one.
     *
     * @param snapshot the snapshot
     * @throws IOException when it could not be made durable (the node must stop)
     */
    void save(Snapshot snapshot) throws IOException;
}
