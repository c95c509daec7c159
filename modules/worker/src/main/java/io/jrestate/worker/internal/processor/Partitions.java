package io.jrestate.worker.internal.processor;

import io.jrestate.common.Verify;
import io.jrestate.common.ids.PartitionTable;
import io.jrestate.worker.internal.fsm.FsmConfig;
import io.jrestate.worker.internal.fsm.InMemoryPartitionState;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.PartitionState;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.wal.Envelope;
import java.util.ArrayList;
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
                p -> new InMemoryPartitionState());
    }

    /**
     * Creates the processors (not started) over given tables.
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
     * @param states the empty tables of each partition (e.g. with retained invocations on disk)
     */
    public Partitions(final int partitionCount, final String nodeName, final IntFunction<PartitionLog> logs,
            final Executor pool, final int mailboxCapacity, final Invoker invoker, final ServiceCatalog catalog,
            final ScheduledExecutorService scheduler, final LongSupplier clockMs, final RandomGenerator random,
            final IntFunction<PartitionState> states) {
        Verify.argument(partitionCount > 0, "partition count must be > 0, got " + partitionCount);
        this.table = new PartitionTable(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            final FsmConfig fsm = new FsmConfig(p, table::partitionOf, k -> k.toInvocationId().toString());
            processors.add(new PartitionProcessor(new ProcessorContext(fsm, nodeName, logs.apply(p), pool,
                    mailboxCapacity, invoker, catalog, this, scheduler, clockMs, random), states.apply(p)));
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

    @Override
    public CompletableFuture<Long> deliver(final int partitionId, final Envelope record) {
        return processors.get(partitionId).deliver(record);
    }
}
