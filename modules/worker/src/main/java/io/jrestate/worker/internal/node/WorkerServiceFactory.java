package io.jrestate.worker.internal.node;

import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.worker.NodeSchemas;
import io.jrestate.worker.internal.invoker.ProtocolInvoker;
import io.jrestate.worker.internal.schema.RegistryServiceCatalog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts the {@code worker} role: maps {@code restate.toml} into the worker's options, opens the node's schema
 * registry and the invocation attempt runner, and mounts the ingress routes when the node also runs
 * {@code http-ingress}.
 */
public final class WorkerServiceFactory implements NodeServiceFactory {
    /** Used by {@link java.util.ServiceLoader}. */
    public WorkerServiceFactory() {
    }

    @Override
    public Role role() {
        return Role.WORKER;
    }

    @Override
    public NodeService create(final NodeContext context) {
        return new Service(context);
    }

    static WorkerOptions options(final RestateConfig config) {
        final int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        return new WorkerOptions(config.common().nodeName(), config.common().defaultNumPartitions(), threads,
                (int) Math.max(1_000, Math.min(1_000_000, config.worker().internalQueueLength() * 64)),
                config.common().runs(Role.HTTP_INGRESS), 64L << 20, config.worker().cleanupInterval().toMillis());
    }

    /** The running role. */
    private static final class Service implements NodeService {
        private final NodeContext context;
        private EndpointClient endpoints;
        private ScheduledExecutorService attemptTimers;
        private WorkerNode worker;

        Service(final NodeContext context) {
            this.context = context;
        }

        @Override
        public String name() {
            return "worker";
        }

        @Override
        public void start() throws Exception {
            final RestateConfig config = context.config();
            final SchemaRegistry registry = NodeSchemas.forNode(config, context.nodeDir());
            final InvokerOptions invokerOptions = InvokerOptions.defaults().withTimeouts(
                    config.worker().invoker().inactivityTimeout(), config.worker().invoker().abortTimeout());
            endpoints = new EndpointClient(invokerOptions);
            attemptTimers = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "worker-attempt-timers");
                t.setDaemon(true);
                return t;
            });
            final RegistryServiceCatalog catalog = new RegistryServiceCatalog(registry);
            final WorkerOptions options = options(config);
            worker = WorkerNode.start(options, context.nodeDir(), new ProtocolInvoker(new InvocationAttempts(
                    endpoints, invokerOptions, attemptTimers, System::nanoTime), registry), catalog,
                    options.mountIngress() ? context.ingressRouter() : null, config.common().initializationTimeout());
            if (options.mountIngress()) {
                context.ingressServiceNames(catalog::serviceNames);
            }
            context.addBackupParticipant(new WorkerBackup(worker.logStore(), context.nodeDir()));
        }

        @Override
        public void stop(final Duration timeout) {
            if (worker != null) {
                worker.close();
            }
            if (attemptTimers != null) {
                attemptTimers.shutdownNow();
            }
            if (endpoints != null) {
                endpoints.close();
            }
            NodeSchemas.release(context.nodeDir());
        }
    }
}
