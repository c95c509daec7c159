/** The worker: partition state machines and processors, the invoker glue, timers and the ingress. */
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

    provides io.jrestate.node.api.NodeServiceFactory with io.jrestate.worker.internal.node.WorkerServiceFactory;

}
