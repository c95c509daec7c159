package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;

/** A snapshot store in memory whose saves are durable at once unless the fault hook fails them. */
public final class MemorySnapshotStore implements SnapshotStore {
    private Snapshot snapshot;
    private IoFaults faults = IoFaults.NONE;

    /**
     * Installs a fault hook called before every save.
     *
     * @param newFaults the hook
     */
    public void setFaults(final IoFaults newFaults) {
        this.faults = newFaults;
    }

    @Override
    public Snapshot load() {
        return snapshot;
    }

    @Override
    public void save(final Snapshot newSnapshot) throws IOException {
        faults.beforeDurableOp("snapshot.save");
        snapshot = newSnapshot;
    }
}
