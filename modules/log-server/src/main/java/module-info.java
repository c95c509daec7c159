/**
 * The {@code log-server} role: the storage node of the replicated loglet. It stores the records a loglet's
 * sequencer sends it (on log-segments, under {@code <node dir>/log-store/}), serves them to readers, and seals and
 * trims loglets on request, over the node's transport. Only the client API and the message types are exported;
 * the server internals are open to the benchmarks alone (the perf module is not part of every build, hence the
 * suppressed "module not found").
 */
@SuppressWarnings("module")
module io.jrestate.log.server {
    requires transitive io.jrestate.common;
    requires transitive io.jrestate.aeron.transport;
    requires io.jrestate.log.segments;
    requires io.jrestate.node.api;

    exports io.jrestate.log.server;
    exports io.jrestate.log.server.internal to io.jrestate.perf;

    provides io.jrestate.node.api.NodeServiceFactory
        with io.jrestate.log.server.internal.node.LogServerFactory;
}
