package io.jrestate.admin.internal.node;

import io.jrestate.admin.AdminApi;
import io.jrestate.admin.internal.InvocationRoutes;
import io.jrestate.admin.internal.StateRoutes;
import io.jrestate.admin.AdminDeps;
import io.jrestate.admin.internal.ClusterCtlRoutes;
import io.jrestate.admin.internal.ClusterHealthRoute;
import io.jrestate.admin.internal.NodeLiveness;
import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.admin.internal.SnapshotRoutes;
import io.jrestate.config.RestateConfig;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.config.Role;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.worker.NodeInvocations;
import io.jrestate.worker.ObjectStateControl;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.worker.NodeSchemas;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts the {@code admin} role: mounts the admin API on the node's admin router (port 9070) when it starts,
 * sharing the node's schema registry (in the metadata store when the node runs {@code metadata-server}) with the
 * worker, with a discovery client built from {@code [worker.invoker]}.
 */
public final class AdminServiceFactory implements NodeServiceFactory {
    /** Discovery of one deployment: the reference retries transient failures a few times. */
    private static final int DISCOVERY_ATTEMPTS_MAX = 3;
    private static final Duration DISCOVERY_RETRY_DELAY = Duration.ofMillis(200);

    /** Used by {@link java.util.ServiceLoader}. */
    public AdminServiceFactory() {
    }

    @Override
    public Role role() {
        return Role.ADMIN;
    }

    /**
     * The node's transport: the one its metadata server and log server share, else the one the remote metadata
     * client of a worker-only node opened; empty when the node runs neither (a single node without log server).
     */
    private static Optional<Transport> nodeTransport(final NodeContext context) {
        final Optional<Transport> shared = context.lookup(SharedTransport.class).flatMap(SharedTransport::current);
        return shared.isPresent() ? shared : context.lookup(Transport.class);
    }

    @Override
    public NodeService create(final NodeContext context) {
        final RestateConfig config = context.config();
        final InvokerOptions invokerOptions = InvokerOptions.defaults().withTimeouts(
                config.worker().invoker().inactivityTimeout(), config.worker().invoker().abortTimeout());
        final EndpointClient endpoints = new EndpointClient(invokerOptions);
        final DiscoveryClient discovery = new DiscoveryClient(endpoints, invokerOptions,
                config.worker().invoker().connectTimeout().plusSeconds(20), DISCOVERY_ATTEMPTS_MAX,
                DISCOVERY_RETRY_DELAY);
        final ExecutorService blocking = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "admin-registry");
            thread.setDaemon(true);
            return thread;
        });
        ClusterCtlRoutes.register(context.adminRouter(), config, context.serverVersion(),
                () -> context.lookup(MetadataStore.class),
                new NodeLiveness(() -> nodeTransport(context), NodeLiveness.PROBE_TIMEOUT));
        ClusterHealthRoute.register(context.adminRouter(), config);
        InvocationRoutes.mount(context.adminRouter(), () -> NodeInvocations.forNode(context.nodeDir()));
        SnapshotRoutes.register(context.adminRouter(), context.nodeDir());
        return new NodeService() {
            @Override
            public String name() {
                return "admin";
            }

            @Override
            public void start() {
                // Mounted at start, not create: the registry lives in the metadata store, which the metadata-server
                // role opens in its start (roles start in order, metadata-server first; the router is
                // copy-on-write, so routes may be added while the admin server listens).
                final SchemaRegistry registry = NodeSchemas.forNode(config, context);
                AdminApi.register(context.adminRouter(), new AdminDeps(registry, discovery,
                        context.serverVersion(), config.ingress().listener().advertisedAddress(), false, blocking));
                StateRoutes.mount(context.adminRouter(), registry, () -> ObjectStateControl.forNode(context.nodeDir()));
            }

            @Override
            public void stop(final Duration timeout) throws InterruptedException {
                blocking.shutdown();
                blocking.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
                endpoints.close();
                NodeSchemas.release(context.nodeDir());
            }
        };
    }
}
