package io.jrestate.worker.internal.processor;

import io.jrestate.worker.internal.fsm.FsmConfig;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The collaborators of one partition processor.
 *
 * @param fsm partition id, partitioning, id formatting
 * @param nodeName this node's name (record sources)
 * @param log the partition's durable log
 * @param pool the shared pool the processor's serial executor runs on
 * @param mailboxCapacity bound of the processor's task queue
 * @param invoker opens attempts
 * @param catalog registered services
 * @param router delivers outbox messages to other partitions
 * @param scheduler fires timers
 * @param clockMs wall clock, ms since the Unix epoch (record timestamps)
 * @param random source for new invocation ids
 */
public record ProcessorContext(FsmConfig fsm, String nodeName, PartitionLog log, Executor pool, int mailboxCapacity,
        Invoker invoker, ServiceCatalog catalog, PartitionRouter router, ScheduledExecutorService scheduler,
        LongSupplier clockMs, RandomGenerator random) {
}
