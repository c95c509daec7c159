package io.jrestate.worker.internal.node;

import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.config.SnapshotsConfig;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.worker.NodeInvocations;
import io.jrestate.worker.NodeSchemas;
import io.jrestate.worker.NodeSnapshots;
import io.jrestate.worker.internal.invoker.ProtocolInvoker;
import io.jrestate.worker.internal.schema.RegistryServiceCatalog;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The options with the partition count of the metadata store's partition table (provisioned from
     * {@code default-num-partitions} on first start) when the node's roles offer a metadata store.
     */
    static WorkerOptions withStoredPartitions(final WorkerOptions options, final NodeContext context) {
        final Optional<MetadataStore> metadata = context.lookup(MetadataStore.class);
        if (metadata.isEmpty()) {
            return options;
        }
        final int partitions = PartitionTableStore.loadOrProvision(metadata.get(), options.partitions(),
                MetadataClientOptions.defaults());
        return new WorkerOptions(options.nodeName(), partitions, options.processorThreads(),
                options.mailboxCapacity(), options.mountIngress(), options.logSegmentBytes(),
                options.retentionBucketMs());
    }

    static SnapshotOptions snapshotOptions(final RestateConfig config) {
        final SnapshotsConfig s = config.worker().snapshots();
        final boolean autoTrim = !"none".equalsIgnoreCase(config.worker().durabilityMode().orElse(""));
        return new SnapshotOptions(s.snapshotIntervalNumRecords().orElse(0L),
                s.snapshotInterval().orElse(Duration.ZERO), (int) Math.min(Integer.MAX_VALUE, s.numRetained()),
                config.worker().trimDelayInterval(), true, autoTrim);
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
            final SchemaRegistry registry = NodeSchemas.forNode(config, context);
            final InvokerOptions invokerOptions = InvokerOptions.defaults().withTimeouts(
                    config.worker().invoker().inactivityTimeout(), config.worker().invoker().abortTimeout());
            endpoints = new EndpointClient(invokerOptions);
            attemptTimers = InvocationAttempts.newTimerExecutor("worker-attempt-timers");
            final RegistryServiceCatalog catalog = new RegistryServiceCatalog(registry);
            final WorkerOptions options = withStoredPartitions(options(config), context);
            worker = WorkerNode.start(options, context.nodeDir(), new ProtocolInvoker(new InvocationAttempts(
                    endpoints, invokerOptions, attemptTimers, System::nanoTime), registry), catalog,
                    options.mountIngress() ? context.ingressRouter() : null, config.common().initializationTimeout(),
                    snapshotOptions(config), List.of());
            final WorkerNode running = worker;
            NodeSnapshots.register(context.nodeDir(), new NodeSnapshots.Taker() {
                @Override
                public CompletableFuture<List<NodeSnapshots.Created>> create(final Collection<Integer> partitionIds,
                        final boolean trimLog) {
                    return running.partitions().snapshot(partitionIds, trimLog).thenApply(list -> list.stream()
                            .map(i -> new NodeSnapshots.Created(i.partitionId(), i.snapshotId(), i.appliedLsn(),
                                    i.path(), i.sizeBytes())).toList());
                }

                @Override
                public int partitionCount() {
                    return running.partitions().count();
                }
            });
            if (options.mountIngress()) {
                context.ingressServiceNames(catalog::serviceNames);
            }
            context.addBackupParticipant(new WorkerBackup(worker.logStore(), context.nodeDir()));
            NodeInvocations.register(context.nodeDir(), worker.invocationControl());
        }

        @Override
        public void stop(final Duration timeout) {
            NodeInvocations.release(context.nodeDir());
            NodeSnapshots.release(context.nodeDir());
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
