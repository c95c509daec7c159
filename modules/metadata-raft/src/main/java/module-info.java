/**
 * A from-scratch Raft and the replicated metadata store built on it. Only the store API is exported; the pure
 * core ({@code raft.core}) and the storage, node and state machine ({@code raft.internal.*}) stay inside.
 */
module io.jrestate.metadata.raft {
    requires transitive io.jrestate.common;
    requires io.jrestate.log.segments;

    exports io.jrestate.metadata.raft;
}
