/**
 * A from-scratch Raft and the replicated metadata store built on it. Only the store API is exported; the pure
 * core ({@code raft.core}) and the storage, node and state machine ({@code raft.internal.*}) stay inside, open to
 * the benchmarks alone (the perf module is not part of every build, hence the suppressed "module not found").
 */
@SuppressWarnings("module")
module io.jrestate.metadata.raft {
    requires transitive io.jrestate.common;
    requires io.jrestate.log.segments;
    requires io.jrestate.node.api;
    requires transitive io.jrestate.aeron.transport;

    exports io.jrestate.metadata.raft;
    exports io.jrestate.metadata.raft.core to io.jrestate.perf;
    exports io.jrestate.metadata.raft.internal.node to io.jrestate.perf;
    exports io.jrestate.metadata.raft.internal.storage to io.jrestate.perf;
    exports io.jrestate.metadata.raft.internal.store to io.jrestate.perf;

    provides io.jrestate.node.api.NodeServiceFactory
        with io.jrestate.metadata.raft.internal.node.MetadataServerFactory,
            io.jrestate.metadata.raft.internal.node.MetadataClientFactory;
}
