/** The admin REST API on port 9070: deployments, services, invocations, version and health. */
module io.jrestate.admin {
    requires transitive io.jrestate.common;
    requires transitive io.jrestate.http;
    requires transitive io.jrestate.service.protocol;
    requires io.jrestate.worker;
    requires io.jrestate.metadata.raft;
    requires io.jrestate.aeron.transport;
    requires io.jrestate.node.api;
    requires com.fasterxml.jackson.databind;
    exports io.jrestate.admin;

    provides io.jrestate.node.api.NodeServiceFactory with io.jrestate.admin.internal.node.AdminServiceFactory;
}
