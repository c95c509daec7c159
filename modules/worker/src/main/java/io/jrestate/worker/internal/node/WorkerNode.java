package io.jrestate.worker.internal.node;

import io.jrestate.http.Router;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.worker.internal.fsm.InMemoryPartitionState;
import io.jrestate.worker.internal.ingress.IngressService;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.processor.Partitions;
import io.jrestate.worker.internal.processor.SegmentPartitionLog;
import io.jrestate.worker.internal.retained.DiskRetainedStore;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running worker: the partition logs (one log store in the node directory), the partition processors, and
 * the ingress routes. Start replays every partition before the ingress answers.
 */
public final class WorkerNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerNode.class.getName());
    /** The folder of the worker's log store inside the node directory. */
    public static final String LOG_DIR = "worker-log";
    /** The folder of the retained-invocation stores (one sub-folder per partition) inside the node directory. */
    public static final String RETAINED_DIR = "worker-retained";
    private final LogStore logStore;
    private final List<DiskRetainedStore> retained;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Partitions partitions;
    private final IngressService ingress;

    private WorkerNode(final LogStore logStore, final List<DiskRetainedStore> retained, final ExecutorService pool,
            final ScheduledExecutorService scheduler, final Partitions partitions, final IngressService ingress) {
        this.logStore = logStore;
        this.retained = retained;
        this.pool = pool;
        this.scheduler = scheduler;
        this.partitions = partitions;
        this.ingress = ingress;
    }

    /**
     * Opens the logs, replays every partition and mounts the ingress.
     *
     * @param options the settings
     * @param nodeDir the node's data directory
     * @param invoker opens attempts
     * @param catalog registered services
     * @param ingressRouter the router of the ingress listener, or null when not mounting
     * @param startTimeout how long replay may take
     * @return the running worker
     * @throws IOException when the log store cannot be opened
     */
    public static WorkerNode start(final WorkerOptions options, final Path nodeDir, final Invoker invoker,
            final ServiceCatalog catalog, final Router ingressRouter, final Duration startTimeout) throws IOException {
        final LogStore logStore = LogStore.open(nodeDir.resolve(LOG_DIR), LogStoreOptions.builder()
                .segmentBytes(options.logSegmentBytes()).recordBytesMax(options.logRecordBytesMax()).build());
        final ExecutorService pool = Executors.newFixedThreadPool(options.processorThreads(), threads("partition"));
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads("timers"));
        final List<DiskRetainedStore> retained = openRetained(nodeDir, options.partitions(),
                options.retentionBucketMs());
        final Partitions partitions = new Partitions(options.partitions(), options.nodeName(),
                p -> new SegmentPartitionLog(logStore.log(p)), pool, options.mailboxCapacity(), invoker, catalog,
                scheduler, System::currentTimeMillis, ThreadLocalRandom.current(),
                p -> new InMemoryPartitionState(retained.get(p)));
        final IngressService ingress = new IngressService(partitions, catalog, System::currentTimeMillis,
                ThreadLocalRandom::current, options.nodeName());
        final WorkerNode node = new WorkerNode(logStore, retained, pool, scheduler, partitions, ingress);
        try {
            partitions.start().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final Exception e) {
            node.close();
            throw new IOException("worker: partitions did not start within " + startTimeout + ": " + e, e);
        }
        if (ingressRouter != null) {
            ingress.mount(ingressRouter);
        }
        LOG.log(System.Logger.Level.INFO, "worker started: {0} partitions", options.partitions());
        return node;
    }

    /**
     * The log store of every partition.
     *
     * @return the store
     */
    public LogStore logStore() {
        return logStore;
    }

    /**
     * The partition processors.
     *
     * @return the partitions
     */
    public Partitions partitions() {
        return partitions;
    }

    /**
     * The ingress handler.
     *
     * @return the ingress
     */
    public IngressService ingress() {
        return ingress;
    }

    /**
     * Opens each partition's retained-invocation store empty: the partition state is rebuilt by replaying the
     * whole log, which retains every still-retained invocation again (see the worker OVERVIEW, retention).
     */
    private static List<DiskRetainedStore> openRetained(final Path nodeDir, final int partitions,
            final long bucketWidthMs) throws IOException {
        final List<DiskRetainedStore> stores = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            stores.add(DiskRetainedStore.openEmpty(nodeDir.resolve(RETAINED_DIR).resolve("partition-" + p),
                    bucketWidthMs));
        }
        return stores;
    }

    private static ThreadFactory threads(final String name) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, "worker-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retained.forEach(DiskRetainedStore::close);
        logStore.close();
    }
}
