package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.HardState;
import java.io.IOException;

/** A hard-state store in memory whose saves are durable at once unless the fault hook fails them. */
public final class MemoryHardStateStore implements HardStateStore {
    private HardState state = HardState.EMPTY;
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
    public HardState load() {
        return state;
    }

    @Override
    public void save(final HardState newState) throws IOException {
        faults.beforeDurableOp("hardstate.save");
        state = newState;
    }
}
