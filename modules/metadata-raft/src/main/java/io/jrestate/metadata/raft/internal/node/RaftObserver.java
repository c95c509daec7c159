package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.Ready;
import java.util.List;

/** Hooks a host or checker can install on a {@link RaftNode}; every method defaults to nothing. */
public interface RaftObserver {
    /** Observes nothing. */
    RaftObserver NONE = new RaftObserver() {
    };

    /**
     * Called after a Ready's state became durable, before its messages leave.
     *
     * @param node the node id
     * @param ready the Ready
     */
    default void onPersisted(final long node, final Ready ready) {
    }

    /**
     * Called for every message just before it is sent.
     *
     * @param message the message
     */
    default void onSend(final Message message) {
    }

    /**
     * Called after committed entries were applied to the state machine.
     *
     * @param node the node id
     * @param term the node's current term when it applied them
     * @param entries the entries, in order
     */
    default void onApplied(final long node, final long term, final List<Entry> entries) {
    }
}
