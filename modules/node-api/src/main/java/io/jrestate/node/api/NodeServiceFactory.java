package io.jrestate.node.api;

import io.jrestate.config.Role;

/**
 * Creates one role's service for a node. Factories run before any server listens: they may register routes on
 * {@link NodeContext#adminRouter()} and {@link NodeContext#ingressRouter()}, which are frozen afterwards.
 *
 * <p>This is how a module plugs into {@code restate-server}: it declares
 * {@code provides io.jrestate.node.api.NodeServiceFactory with ...} in its {@code module-info.java} (and the same
 * class in {@code META-INF/services/io.jrestate.node.api.NodeServiceFactory} for class-path tests). The launcher
 * finds the factories with {@link java.util.ServiceLoader}, so a runtime image holds exactly the roles whose
 * modules it was linked with.
 */
public interface NodeServiceFactory {
    /**
     * The role this factory's service belongs to; it runs only on nodes with that role.
     *
     * @return the role
     */
    Role role();

    /**
     * Orders factories of the same role: lower starts first (and stops last). The default is 100.
     *
     * @return the start rank
     */
    default int startRank() {
        return 100;
    }

    /**
     * Creates the service.
     *
     * @param context the node's configuration, directory and routers
     * @return the service, not yet started
     * @throws Exception when the service cannot be created; the node does not start
     */
    NodeService create(NodeContext context) throws Exception;
}
