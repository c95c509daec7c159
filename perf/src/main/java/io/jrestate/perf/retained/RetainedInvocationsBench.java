package io.jrestate.perf.retained;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.fsm.EntryTypes;
import io.jrestate.worker.internal.fsm.FsmConfig;
import io.jrestate.worker.internal.fsm.InMemoryPartitionState;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.PartitionFsm;
import io.jrestate.worker.internal.fsm.RetainedTable;
import io.jrestate.worker.internal.retained.DiskRetainedStore;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Ended;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.InvokerEffect;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ServiceType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Retains N completed invocations through the partition state machine with the on-disk retained store (no HTTP,
 * no log), then prints the heap each retained invocation costs (used heap after GC, before and after, divided by
 * N) and the latency of looking up random retained invocations and reading their output, as the ingress's
 * attach/output does ({@code PartitionState.invocation(id).result()}).
 *
 * <pre>
 *  args: [count (default 1000000)] [output bytes (default 100)] [lookups (default 200000)] [dir (default temp)]
 * </pre>
 */
public final class RetainedInvocationsBench {
    private static final long DAY_MS = 86_400_000L;

    private RetainedInvocationsBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class comment
     * @throws IOException when the store's folder cannot be used
     */
    public static void main(final String[] args) throws IOException {
        final int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int outputBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        final int lookups = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        final Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("retained-bench");
        final long seed = Long.getLong("seed", 42);
        System.out.printf("retained invocations bench: count=%,d outputBytes=%d lookups=%,d dir=%s seed=%d%n",
                count, outputBytes, lookups, dir, seed);
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, RetainedTable.DEFAULT_BUCKET_WIDTH_MS)) {
            final PartitionFsm fsm = new PartitionFsm(new FsmConfig(0, key -> 0, key -> "inv_" + key),
                    new InMemoryPartitionState(store));
            final Records records = new Records(outputBytes, seed);
            records.retainOne(fsm, 0);
            final long heapBefore = usedHeapAfterGc();
            final long startNs = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                records.retainOne(fsm, i);
            }
            final double writeSeconds = (System.nanoTime() - startNs) / 1e9;
            final long heapAfter = usedHeapAfterGc();
            System.out.printf("retained %,d in %.1f s (%,.0f invocations/s through apply: 3 records each)%n",
                    store.size(), writeSeconds, count / writeSeconds);
            System.out.printf("heap per retained invocation: %.1f bytes (used heap after GC %,d -> %,d bytes)%n",
                    (heapAfter - heapBefore) / (double) count, heapBefore, heapAfter);
            System.out.printf("disk: %,d bytes in %d segment files (%.0f bytes per invocation)%n", store.diskBytes(),
                    store.segmentCount(), store.diskBytes() / (double) store.size());
            lookupLatency(fsm, records, count, lookups, seed);
            keepAlive(fsm);
        } finally {
            deleteTree(dir);
        }
    }

    private static void lookupLatency(final PartitionFsm fsm, final Records records, final int count,
            final int lookups, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed + 1);
        for (int round = 0; round < 2; round++) {
            final long[] ns = new long[lookups];
            long bytes = 0;
            for (int i = 0; i < lookups; i++) {
                final int n = 1 + random.nextInt(count);
                final long t0 = System.nanoTime();
                final InvocationStatus status = fsm.state().invocation(records.id(n));
                final ByteString output = status.result().value();
                ns[i] = System.nanoTime() - t0;
                if (!output.equals(records.output(n))) {
                    throw new IllegalStateException("wrong output for invocation " + n);
                }
                bytes += output.size();
            }
            Arrays.sort(ns);
            System.out.printf("%s lookup+output of random retained ids: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, "
                    + "max %.1f us (%,d lookups, %,d output bytes checked)%n", round == 0 ? "cold-ish" : "warm",
                    ns[lookups / 2] / 1e3, ns[(int) (lookups * 0.99)] / 1e3, ns[(int) (lookups * 0.999)] / 1e3,
                    ns[lookups - 1] / 1e3, lookups, bytes);
        }
    }

    /** Builds the three records of one invocation: Invoke, Output entry, Ended. */
    private static final class Records {
        private final InvocationOptions options = InvocationOptions.newBuilder().setIdempotencyRetentionMs(DAY_MS)
                .setJournalRetentionMs(DAY_MS).build();
        private final InvocationTarget target = InvocationTarget.newBuilder().setService("Greeter")
                .setHandler("greet").setServiceType(ServiceType.SERVICE).build();
        private final int outputBytes;
        private final long seed;
        private final long t0Ms = 1_800_000_000_000L;
        private long lsn;

        Records(final int outputBytes, final long seed) {
            this.outputBytes = outputBytes;
            this.seed = seed;
        }

        InvocationKey id(final int n) {
            final SplittableRandom random = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
            return new InvocationKey(random.nextLong(), random.nextLong(), random.nextLong());
        }

        ByteString output(final int n) {
            final byte[] bytes = new byte[outputBytes];
            Arrays.fill(bytes, (byte) ('a' + n % 26));
            bytes[0] = '"';
            bytes[bytes.length - 1] = '"';
            return ByteString.copyFrom(bytes);
        }

        void retainOne(final PartitionFsm fsm, final int n) {
            final ByteString id = id(n).toByteString();
            final long nowMs = t0Ms + n;
            apply(fsm, nowMs, Command.newBuilder().setInvoke(Invoke.newBuilder().setInvocationId(id)
                    .setTarget(target).setOptions(options).setArgument(ByteString.copyFromUtf8("\"x\""))).build());
            final OutputCommandMessage out = OutputCommandMessage.newBuilder()
                    .setValue(Value.newBuilder().setContent(output(n))).build();
            apply(fsm, nowMs, Command.newBuilder().setInvokerEffect(InvokerEffect.newBuilder().setInvocationId(id)
                    .setAttempt(1).setEntry(JournalEntry.newBuilder().setType(EntryTypes.OUTPUT)
                            .setPayload(out.toByteString()))).build());
            apply(fsm, nowMs, Command.newBuilder().setInvokerEffect(InvokerEffect.newBuilder().setInvocationId(id)
                    .setAttempt(1).setEnded(Ended.getDefaultInstance())).build());
        }

        private void apply(final PartitionFsm fsm, final long nowMs, final Command command) {
            fsm.apply(++lsn, Envelope.newBuilder().setTimestampMs(nowMs).setCommand(command).build(), action -> { });
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void keepAlive(final Object o) {
        if (o.hashCode() == System.nanoTime()) {
            System.out.println(o);
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
