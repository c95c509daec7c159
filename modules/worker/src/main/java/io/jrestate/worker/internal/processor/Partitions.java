package io.jrestate.worker.internal.processor;

import io.jrestate.common.Verify;
import io.jrestate.common.ids.PartitionTable;
import io.jrestate.worker.internal.fsm.FsmConfig;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.RetainedStorage;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** All partition processors of this node, and the router between them (one node: direct calls). */
public final class Partitions implements PartitionRouter {
    private final PartitionTable table;
    private final List<PartitionProcessor> processors = new ArrayList<>();

    /**
     * Creates the processors (not started).
     *
     * @param partitionCount the number of partitions ({@code default-num-partitions})
     * @param nodeName this node's name
     * @param logs the log of each partition
     * @param pool the shared pool processors run on
     * @param mailboxCapacity each processor's task queue bound
     * @param invoker opens attempts
     * @param catalog registered services
     * @param scheduler timers
     * @param clockMs wall clock in ms
     * @param random source for ids
     */
    public Partitions(final int partitionCount, final String nodeName, final IntFunction<PartitionLog> logs,
            final Executor pool, final int mailboxCapacity, final Invoker invoker, final ServiceCatalog catalog,
            final ScheduledExecutorService scheduler, final LongSupplier clockMs, final RandomGenerator random) {
        this(partitionCount, nodeName, logs, pool, mailboxCapacity, invoker, catalog, scheduler, clockMs, random,
                null);
    }

    /**
     * Creates the processors (not started), restoring from and writing partition snapshots.
     *
     * @param partitionCount the number of partitions ({@code default-num-partitions})
     * @param nodeName this node's name
     * @param logs the log of each partition
     * @param pool the shared pool processors run on
     * @param mailboxCapacity each processor's task queue bound
     * @param invoker opens attempts
     * @param catalog registered services
     * @param scheduler timers
     * @param clockMs wall clock in ms
     * @param random source for ids
     * @param snapshots the node's snapshot setup, or null for none
     */
    public Partitions(final int partitionCount, final String nodeName, final IntFunction<PartitionLog> logs,
            final Executor pool, final int mailboxCapacity, final Invoker invoker, final ServiceCatalog catalog,
            final ScheduledExecutorService scheduler, final LongSupplier clockMs, final RandomGenerator random,
            final SnapshotSetup snapshots) {
        this(partitionCount, nodeName, logs, pool, mailboxCapacity, invoker, catalog, scheduler, clockMs, random,
                snapshots, p -> RetainedStorage.heap());
    }

    /**
     * Creates the processors (not started), with snapshots and each partition's retained storage.
     *
     * @param partitionCount the number of partitions ({@code default-num-partitions})
     * @param nodeName this node's name
     * @param logs the log of each partition
     * @param pool the shared pool processors run on
     * @param mailboxCapacity each processor's task queue bound
     * @param invoker opens attempts
     * @param catalog registered services
     * @param scheduler timers
     * @param clockMs wall clock in ms
     * @param random source for ids
     * @param snapshots the node's snapshot setup, or null for none
     * @param retained the retained-invocation storage of each partition (e.g. on disk)
     */
    public Partitions(final int partitionCount, final String nodeName, final IntFunction<PartitionLog> logs,
            final Executor pool, final int mailboxCapacity, final Invoker invoker, final ServiceCatalog catalog,
            final ScheduledExecutorService scheduler, final LongSupplier clockMs, final RandomGenerator random,
            final SnapshotSetup snapshots, final IntFunction<RetainedStorage> retained) {
        Verify.argument(partitionCount > 0, "partition count must be > 0, got " + partitionCount);
        this.table = new PartitionTable(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            final FsmConfig fsm = new FsmConfig(p, table::partitionOf, k -> k.toInvocationId().toString());
            processors.add(new PartitionProcessor(new ProcessorContext(fsm, nodeName, logs.apply(p), pool,
                    mailboxCapacity, invoker, catalog, this, scheduler, clockMs, random), snapshots,
                    retained.apply(p)));
        }
    }

    /**
     * Replays and starts every partition.
     *
     * @return completes when every partition leads
     */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(processors.stream().map(PartitionProcessor::start)
                .toArray(CompletableFuture[]::new));
    }

    /**
     * The processor owning a partition key.
     *
     * @param partitionKey the key
     * @return the processor
     */
    public PartitionProcessor forKey(final long partitionKey) {
        return processors.get(table.partitionOf(partitionKey));
    }

    /**
     * The processor owning an invocation.
     *
     * @param id the invocation
     * @return the processor
     */
    public PartitionProcessor forInvocation(final InvocationKey id) {
        return forKey(id.partitionKey());
    }

    /**
     * Number of partitions.
     *
     * @return the count
     */
    public int count() {
        return processors.size();
    }

    /**
     * One partition's processor.
     *
     * @param partitionId the partition
     * @return the processor
     * @throws IllegalArgumentException when no such partition exists
     */
    public PartitionProcessor processor(final int partitionId) {
        Verify.argument(partitionId >= 0 && partitionId < processors.size(), "no partition " + partitionId
                + " (this node has partitions 0 to " + (processors.size() - 1) + ")");
        return processors.get(partitionId);
    }

    /**
     * Takes a snapshot of some partitions, each at its current applied LSN.
     *
     * @param partitionIds the partitions, or empty for all
     * @param trimLog trim each log right after its snapshot is durable
     * @return completes with the snapshots in partition order, or the first failure
     */
    public CompletableFuture<List<SnapshotInfo>> snapshot(final Collection<Integer> partitionIds,
            final boolean trimLog) {
        final List<PartitionProcessor> chosen = new ArrayList<>();
        for (final int id : partitionIds.isEmpty() ? java.util.stream.IntStream.range(0, processors.size()).boxed()
                .toList() : new java.util.TreeSet<>(partitionIds)) {
            chosen.add(processor(id));
        }
        final List<CompletableFuture<SnapshotInfo>> futures = chosen.stream().map(p -> p.snapshot(trimLog)).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public CompletableFuture<Long> deliver(final int partitionId, final Envelope record) {
        return processors.get(partitionId).deliver(record);
    }
}
