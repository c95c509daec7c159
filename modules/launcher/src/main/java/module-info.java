/** The restate-server launcher: command line, roles, data directory and lifecycle. */
module io.jrestate.launcher {
    requires transitive io.jrestate.config;
    requires io.jrestate.log.segments;
    requires io.jrestate.metadata.raft;
    requires io.jrestate.aeron.transport;
    requires io.jrestate.service.protocol;
    requires io.jrestate.worker;
    requires transitive io.jrestate.http;
    requires io.jrestate.admin;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires jdk.unsupported;

    exports io.jrestate.launcher;
    opens io.jrestate.launcher.internal to com.fasterxml.jackson.databind;
}
