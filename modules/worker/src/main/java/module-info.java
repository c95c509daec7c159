/**
 * The worker: partition state machines and processors, the invoker glue, timers and the ingress. The state
 * machine, record format and retained store are open to the benchmarks alone (the perf module is not part of
 * every build, hence the suppressed "module not found").
 */
@SuppressWarnings("module")
module io.jrestate.worker {
    requires transitive io.jrestate.common;
    requires io.jrestate.log.segments;
    requires io.jrestate.metadata.raft;
    requires transitive io.jrestate.service.protocol;
    requires io.jrestate.http;
    requires io.netty.codec.http2;
    requires com.fasterxml.jackson.databind;
    requires com.google.protobuf;
    requires transitive io.jrestate.node.api;

    exports io.jrestate.worker;
    exports io.jrestate.worker.internal.fsm to io.jrestate.perf;
    exports io.jrestate.worker.internal.retained to io.jrestate.perf;
    exports io.jrestate.worker.internal.wal to io.jrestate.perf;

    provides io.jrestate.node.api.NodeServiceFactory with io.jrestate.worker.internal.node.WorkerServiceFactory;

}
