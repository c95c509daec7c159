/** Benchmarks and load tools (run on the class path, never by the gate). */
module io.jrestate.perf {
    requires io.jrestate.common;
    requires io.jrestate.log.segments;
    requires io.jrestate.metadata.raft;
    requires io.jrestate.aeron.transport;
    requires io.jrestate.log.server;
    requires io.jrestate.worker;
    requires com.google.protobuf;
    requires java.management;
    requires jmh.core;
}
