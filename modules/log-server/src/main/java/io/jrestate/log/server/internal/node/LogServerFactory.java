package io.jrestate.log.server.internal.node;

import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.log.server.internal.LogServerOptions;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;

import java.util.Optional;

/**
 * Plugs the log server into {@code restate-server} for nodes with the {@code log-server} role: storage in
 * {@code <node dir>/log-store/}, RPCs on the node's shared transport (started here when no earlier role of the
 * node started it). The node id is {@code force-node-id}, else 1, as the metadata servers take theirs. A node
 * with {@code worker} but without {@code metadata-server} is refused: its remote metadata client opens a
 * transport of its own, under a node id that may change while it joins.
 */
public final class LogServerFactory implements NodeServiceFactory {
    /** Creates the factory (called by the service loader). */
    public LogServerFactory() {
    }

    @Override
    public Role role() {
        return Role.LOG_SERVER;
    }

    @Override
    public NodeService create(final NodeContext context) {
        final RestateConfig config = context.config();
        if (config.common().runs(Role.WORKER) && !config.common().runs(Role.METADATA_SERVER)) {
            throw new IllegalArgumentException("roles: log-server cannot run yet on a node with worker but without"
                + " metadata-server: that node's remote metadata client opens a transport of its own on the fabric"
                + " port (its node id may change while it joins). Run log-server on its own node or with"
                + " metadata-server");
        }
        return new LogServerService(config, context.nodeDir(), sharedTransport(context), LogServerOptions.defaults());
    }

    private static SharedTransport sharedTransport(final NodeContext context) {
        final Optional<SharedTransport> offered = context.lookup(SharedTransport.class);
        if (offered.isPresent()) {
            return offered.get();
        }
        final SharedTransport created = new SharedTransport();
        context.provide(SharedTransport.class, () -> created);
        return created;
    }
}
