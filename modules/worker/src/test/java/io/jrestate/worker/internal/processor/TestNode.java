package io.jrestate.worker.internal.processor;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A node's partitions over in-memory logs, with the fake SDK; "crash" = drop it and build a new one. */
final class TestNode implements AutoCloseable {
    static final InvocationOptions OPTIONS = InvocationOptions.newBuilder().setRetryPolicy(RetryPolicy.newBuilder()
            .setInitialIntervalMs(50).setExponentiationFactor(2).setMaxIntervalMs(1000).setMaxAttempts(10)).build();
    static final ServiceCatalog CATALOG = name -> switch (name) {
        case "Greeter" -> new ServiceInfo(name, ServiceType.SERVICE, true, Map.of("greet",
                handler("greet", HandlerType.HANDLER_TYPE_UNSPECIFIED)));
        case "Caller" -> new ServiceInfo(name, ServiceType.SERVICE, true, Map.of("call",
                handler("call", HandlerType.HANDLER_TYPE_UNSPECIFIED)));
        case "Counter" -> new ServiceInfo(name, ServiceType.VIRTUAL_OBJECT, true, Map.of("add",
                handler("add", HandlerType.EXCLUSIVE)));
        default -> null;
    };
    final InMemoryPartitionLog[] logs;
    final FakeSdk sdk = new FakeSdk();
    final Partitions partitions;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SplittableRandom random = new SplittableRandom(42);

    TestNode(final InMemoryPartitionLog[] logs) {
        this.logs = logs;
        this.partitions = new Partitions(logs.length, "n1", p -> logs[p], pool, 10_000, sdk, CATALOG, scheduler,
                System::currentTimeMillis, random);
        partitions.start().orTimeout(10, TimeUnit.SECONDS).join();
    }

    static InMemoryPartitionLog[] freshLogs(final int partitions) {
        final InMemoryPartitionLog[] logs = new InMemoryPartitionLog[partitions];
        for (int i = 0; i < partitions; i++) {
            logs[i] = new InMemoryPartitionLog();
        }
        return logs;
    }

    private static HandlerInfo handler(final String name, final HandlerType type) {
        return new HandlerInfo(name, type, OPTIONS, "*/*", false, "application/json", false);
    }

    String call(final String service, final String key, final String handler, final String input) {
        final ServiceInfo info = CATALOG.service(service);
        final HandlerInfo h = info.handlers().get(handler);
        final InvocationKey id = InvocationIds.newId(service, info.type(), handler, h.type(), key, "",
                System.currentTimeMillis(), random);
        final Invoke invoke = Invoke.newBuilder().setInvocationId(id.toByteString()).setTarget(InvocationTarget
                .newBuilder().setService(service).setHandler(handler).setKey(key).setServiceType(info.type())
                .setHandlerType(h.type())).setOptions(h.options()).setArgument(ByteString.copyFromUtf8(input)).build();
        final CompletionResult result = partitions.forInvocation(id).call(PartitionProcessor.ingressRecord(invoke,
                System.currentTimeMillis(), "n1")).orTimeout(10, TimeUnit.SECONDS).join();
        return result.isSuccess() ? result.value().toStringUtf8() : "failure " + result.failure().getCode();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        scheduler.shutdownNow();
        sdk.close();
    }
}
