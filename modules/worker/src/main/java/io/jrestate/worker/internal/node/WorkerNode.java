package io.jrestate.worker.internal.node;

import io.jrestate.http.Router;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.ingress.IngressService;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.processor.Partitions;
import io.jrestate.worker.internal.processor.SegmentPartitionLog;
import io.jrestate.worker.internal.retained.DiskRetainedStorage;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.snapshot.LogTrimFloor;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
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
    /** How long a clean shutdown waits for the partitions' snapshots. */
    public static final Duration SHUTDOWN_SNAPSHOT_TIMEOUT = Duration.ofSeconds(30);
    private final LogStore logStore;
    private final List<DiskRetainedStorage> retained;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final Partitions partitions;
    private final IngressService ingress;
    private final ExecutorService snapshotWriter;
    private final boolean snapshotOnClose;
    private volatile boolean started;

    private WorkerNode(final LogStore logStore, final List<DiskRetainedStorage> retained, final ExecutorService pool,
            final ScheduledExecutorService scheduler, final Partitions partitions, final IngressService ingress,
            final ExecutorService snapshotWriter, final boolean snapshotOnClose) {
        this.snapshotWriter = snapshotWriter;
        this.snapshotOnClose = snapshotOnClose;
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
        return start(options, nodeDir, invoker, catalog, ingressRouter, startTimeout, SnapshotOptions.defaults(),
                List.of());
    }

    /**
     * Opens the logs, restores every partition from its newest snapshot and replays the log after it, and mounts
     * the ingress.
     *
     * @param options the settings
     * @param nodeDir the node's data directory
     * @param invoker opens attempts
     * @param catalog registered services
     * @param ingressRouter the router of the ingress listener, or null when not mounting
     * @param startTimeout how long restore and replay may take
     * @param snapshotOptions when snapshots are taken and the log trimmed ({@code <node dir>/worker-snapshots})
     * @param trimFloors components whose own stores limit how far the logs may be trimmed
     * @return the running worker
     * @throws IOException when the log store cannot be opened
     */
    public static WorkerNode start(final WorkerOptions options, final Path nodeDir, final Invoker invoker,
            final ServiceCatalog catalog, final Router ingressRouter, final Duration startTimeout,
            final SnapshotOptions snapshotOptions, final List<LogTrimFloor> trimFloors) throws IOException {
        final LogStore logStore = LogStore.open(nodeDir.resolve(LOG_DIR), LogStoreOptions.builder()
                .segmentBytes(options.logSegmentBytes()).recordBytesMax(options.logRecordBytesMax()).build());
        final ExecutorService pool = Executors.newFixedThreadPool(options.processorThreads(), threads("partition"));
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads("timers"));
        final List<DiskRetainedStorage> retained = retainedStorages(nodeDir, options.partitions(),
                options.retentionBucketMs());
        final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(threads("snapshot-writer"));
        final SnapshotSetup snapshots = new SnapshotSetup(nodeDir.resolve(SnapshotSetup.DIR), StorageIo.fileSystem(),
                snapshotOptions, snapshotWriter, List.copyOf(trimFloors), SnapshotBody.standard());
        final Partitions partitions = new Partitions(options.partitions(), options.nodeName(),
                p -> new SegmentPartitionLog(logStore.log(p)), pool, options.mailboxCapacity(), invoker, catalog,
                scheduler, System::currentTimeMillis, ThreadLocalRandom.current(), snapshots, retained::get);
        final IngressService ingress = new IngressService(partitions, catalog, System::currentTimeMillis,
                ThreadLocalRandom::current, options.nodeName());
        final WorkerNode node = new WorkerNode(logStore, retained, pool, scheduler, partitions, ingress,
                snapshotWriter, snapshotOptions.onShutdown());
        try {
            partitions.start().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final Exception e) {
            node.close();
            throw new IOException("worker: partitions did not start within " + startTimeout + ": " + e, e);
        }
        node.started = true;
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
     * The invocation control over this worker's partitions (cancel, kill, purge, pause, resume).
     *
     * @return the control
     */
    public io.jrestate.worker.InvocationControl invocationControl() {
        return new io.jrestate.worker.internal.processor.ManagementRequests(partitions);
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
     * Each partition's retained-invocation storage: a partition restored from a snapshot restores its store to
     * the snapshot's checkpoint, one replaying its whole log opens it empty (see the worker OVERVIEW, retention).
     */
    private static List<DiskRetainedStorage> retainedStorages(final Path nodeDir, final int partitions,
            final long bucketWidthMs) {
        final List<DiskRetainedStorage> storages = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            storages.add(new DiskRetainedStorage(nodeDir.resolve(RETAINED_DIR).resolve("partition-" + p),
                    bucketWidthMs));
        }
        return storages;
    }

    private static ThreadFactory threads(final String name) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, "worker-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Closes the worker; after a successful start and when configured, first takes a snapshot of every partition
     * (bounded by {@link #SHUTDOWN_SNAPSHOT_TIMEOUT}), so the next start replays only what follows it.
     */
    @Override
    public void close() {
        if (started && snapshotOnClose) {
            try {
                partitions.snapshot(List.of(), false).get(SHUTDOWN_SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final Exception e) {
                LOG.log(System.Logger.Level.WARNING, "worker: shutdown snapshot incomplete (the next start replays "
                        + "more of the log): " + e);
            }
        }
        scheduler.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshotWriter.shutdown();
        try {
            if (!snapshotWriter.awaitTermination(SHUTDOWN_SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                snapshotWriter.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retained.forEach(DiskRetainedStorage::close);
        logStore.close();
    }
}
