package io.jrestate.launcher;

/**
 * Creates one role's service for a node. Factories run before any server listens: they may register routes on
 * {@link NodeContext#adminRouter()} and {@link NodeContext#ingressRouter()}, which are frozen afterwards.
 */
@FunctionalInterface
public interface NodeServiceFactory {
    /**
     * Creates the service.
     *
     * @param context the node's configuration, directory and routers
     * @return the service, not yet started
     * @throws Exception when the service cannot be created; the node does not start
     */
    NodeService create(NodeContext context) throws Exception;
}
