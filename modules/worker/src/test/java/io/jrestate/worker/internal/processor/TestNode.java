package io.jrestate.worker.internal.processor;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.RetainedStorage;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.schema.StaticServiceCatalog;
import java.util.List;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** A node's partitions over in-memory logs, with the fake SDK; "crash" = drop it and build a new one. */
public final class TestNode implements AutoCloseable {
    static final InvocationOptions OPTIONS = InvocationOptions.newBuilder().setRetryPolicy(RetryPolicy.newBuilder()
            .setInitialIntervalMs(50).setExponentiationFactor(2).setMaxIntervalMs(1000).setMaxAttempts(10)).build();
    public static final ServiceCatalog CATALOG = new StaticServiceCatalog(List.of(
            new ServiceInfo("Greeter", ServiceType.SERVICE, true, Map.of("greet",
                    handler("greet", HandlerType.HANDLER_TYPE_UNSPECIFIED))),
            new ServiceInfo("Caller", ServiceType.SERVICE, true, Map.of("call",
                    handler("call", HandlerType.HANDLER_TYPE_UNSPECIFIED))),
            new ServiceInfo("Counter", ServiceType.VIRTUAL_OBJECT, true, Map.of("add",
                    handler("add", HandlerType.EXCLUSIVE)))));
    final PartitionLog[] logs;
    final FakeSdk sdk = new FakeSdk();
    public final Partitions partitions;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SplittableRandom random = new SplittableRandom(42);

    public TestNode(final PartitionLog[] logs) {
        this(logs, CATALOG, null, p -> RetainedStorage.heap());
    }

    /**
     * A node whose partitions restore from and write snapshots.
     *
     * @param logs the partition logs
     * @param snapshots the snapshot setup, or null for none
     */
    public TestNode(final PartitionLog[] logs, final SnapshotSetup snapshots) {
        this(logs, CATALOG, snapshots, p -> RetainedStorage.heap());
    }

    /**
     * A node over given logs, services, snapshots and retained storage (e.g. on disk).
     *
     * @param logs the partition logs
     * @param catalog the services
     * @param snapshots the snapshot setup, or null for none
     * @param retained each partition's retained storage
     */
    public TestNode(final PartitionLog[] logs, final ServiceCatalog catalog, final SnapshotSetup snapshots,
            final IntFunction<RetainedStorage> retained) {
        this.logs = logs;
        this.partitions = new Partitions(logs.length, "n1", p -> logs[p], pool, 10_000, sdk, catalog, scheduler,
                System::currentTimeMillis, random, snapshots, retained);
        try {
            partitions.start().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    public static InMemoryPartitionLog[] freshLogs(final int partitions) {
        final InMemoryPartitionLog[] logs = new InMemoryPartitionLog[partitions];
        for (int i = 0; i < partitions; i++) {
            logs[i] = new InMemoryPartitionLog();
        }
        return logs;
    }

    private static HandlerInfo handler(final String name, final HandlerType type) {
        return new HandlerInfo(name, type, OPTIONS, "*/*", false, "application/json", false);
    }

    InvocationKey send(final String service, final String key, final String handler, final String input) {
        final Invoke invoke = newInvoke(service, key, handler, input);
        final InvocationKey id = InvocationKey.fromBytes(invoke.getInvocationId());
        partitions.forInvocation(id).send(PartitionProcessor.ingressRecord(invoke, System.currentTimeMillis(), "n1"))
                .orTimeout(10, TimeUnit.SECONDS).join();
        return id;
    }

    CompletableFuture<PartitionProcessor.Completed> callAsync(final String service, final String key,
            final String handler, final String input) {
        final Invoke invoke = newInvoke(service, key, handler, input);
        final InvocationKey id = InvocationKey.fromBytes(invoke.getInvocationId());
        return partitions.forInvocation(id).call(PartitionProcessor.ingressRecord(invoke, System.currentTimeMillis(),
                "n1"));
    }

    /** An invocation submitted with its id. @param id the id @param completed completes with its result */
    record Submitted(InvocationKey id, CompletableFuture<PartitionProcessor.Completed> completed) {
    }

    /** Submits an invocation whose completed row is kept for an hour (journal retention). */
    Submitted submit(final String service, final String key, final String handler, final String input) {
        final Invoke plain = newInvoke(service, key, handler, input);
        final Invoke invoke = plain.toBuilder().setOptions(plain.getOptions().toBuilder()
                .setJournalRetentionMs(3_600_000)).build();
        final InvocationKey id = InvocationKey.fromBytes(invoke.getInvocationId());
        return new Submitted(id, partitions.forInvocation(id).call(PartitionProcessor.ingressRecord(invoke,
                System.currentTimeMillis(), "n1")));
    }

    String call(final String service, final String key, final String handler, final String input) {
        final Invoke invoke = newInvoke(service, key, handler, input);
        final InvocationKey id = InvocationKey.fromBytes(invoke.getInvocationId());
        final CompletionResult result = partitions.forInvocation(id).call(PartitionProcessor.ingressRecord(invoke,
                System.currentTimeMillis(), "n1")).orTimeout(10, TimeUnit.SECONDS).join().result();
        return result.isSuccess() ? result.value().toStringUtf8() : "failure " + result.failure().getCode();
    }

    private Invoke newInvoke(final String service, final String key, final String handler, final String input) {
        final ServiceInfo info = CATALOG.service(service);
        final HandlerInfo h = info.handlers().get(handler);
        final InvocationKey id = InvocationIds.newId(service, info.type(), handler, h.type(), key, "",
                System.currentTimeMillis(), random);
        return Invoke.newBuilder().setInvocationId(id.toByteString()).setTarget(InvocationTarget.newBuilder()
                .setService(service).setHandler(handler).setKey(key).setServiceType(info.type())
                .setHandlerType(h.type())).setOptions(h.options()).setArgument(ByteString.copyFromUtf8(input)).build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        scheduler.shutdownNow();
        sdk.close();
    }
}
