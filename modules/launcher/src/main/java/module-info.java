/** The restate-server launcher: command line, roles, data directory and lifecycle. */
module io.jrestate.launcher {
    requires io.jrestate.config;
    requires io.jrestate.log.segments;
    requires io.jrestate.metadata.raft;
    requires io.jrestate.aeron.transport;
    requires io.jrestate.service.protocol;
    requires io.jrestate.worker;
    requires io.jrestate.http;
    requires io.jrestate.admin;
}
