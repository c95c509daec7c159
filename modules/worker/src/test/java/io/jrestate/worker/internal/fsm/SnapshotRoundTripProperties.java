package io.jrestate.worker.internal.fsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.snapshot.ChunkedBytes;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Failure;
import io.jrestate.worker.internal.wal.FailureBehavior;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ResponseSink;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerKind;
import io.jrestate.worker.internal.wal.TruncateOutbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Round trip of the snapshot body codec over random partition tables: every table filled with random rows (every
 * field of an invocation row set at random, nullable ones sometimes null) is encoded, decoded into empty tables
 * and encoded again; the two encodings must be equal byte for byte and the decoded tables must hold the same
 * values (checked through the tables' own accessors, not the codec). A reflection check fails when a field is
 * added to {@link InvocationStatus} without a snapshot mapping. Prints the seed; replay with {@code -Dseed=N}.
 */
@Tag("property")
class SnapshotRoundTripProperties {
    private static final int RUNS = 200;

    @Test
    void shouldRestoreEveryTableExactlyFromRandomStates() throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("SnapshotRoundTripProperties seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            final InMemoryPartitionState original = randomState(random);
            final int partition = random.nextInt(16);
            final byte[] first = bytes(SnapshotBody.standard().encode(partition, original));
            final InMemoryPartitionState restored = new InMemoryPartitionState();
            final long lsn = SnapshotBody.standard().decode(new ByteArrayInputStream(first), partition, restored);
            assertEquals(original.appliedLsn(), lsn, "seed " + seed + " run " + run);
            assertSameTables(original, restored, "seed " + seed + " run " + run);
            assertArrayEquals(first, bytes(SnapshotBody.standard().encode(partition, restored)),
                    "seed " + seed + " run " + run);
        }
    }

    @Test
    void shouldMapEveryFieldOfTheInvocationStatusRow() {
        final Set<String> declared = new TreeSet<>();
        for (final Field f : InvocationStatus.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()
                    && !InvocationRows.NOT_ROW_DATA.contains(f.getName())) {
                declared.add(f.getName());
            }
        }
        assertEquals(new TreeSet<>(InvocationRows.FIELDS), declared,
                "InvocationStatus fields and the snapshot mapping (InvocationRows.FIELDS) differ: map the new field");
    }

    static byte[] bytes(final ChunkedBytes chunks) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final ByteBuffer b : chunks.buffers()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        return out.toByteArray();
    }

    private static void assertSameTables(final InMemoryPartitionState a, final InMemoryPartitionState b,
            final String context) {
        assertEquals(a.appliedLsn(), b.appliedLsn(), context);
        assertEquals(a.leaderEpoch(), b.leaderEpoch(), context);
        assertEquals(a.nextOutboxIndex(), b.nextOutboxIndex(), context);
        assertEquals(a.invocationCount(), b.invocationCount(), context);
        assertEquals(a.retained().size(), b.retained().size(), context);
        for (final InvocationStatus s : a.invocations()) {
            final InvocationStatus r = b.invocation(s.id);
            assertTrue(r != null && r.phase == s.phase && r.journal.equals(s.journal) && r.sinks.equals(s.sinks)
                    && r.arrivedCompletions.equals(s.arrivedCompletions) && r.arrivedSignals.equals(s.arrivedSignals)
                    && r.arrivedNamedSignals.equals(s.arrivedNamedSignals) && r.attempt == s.attempt
                    && java.util.Objects.equals(r.result, s.result)
                    && java.util.Objects.equals(r.pendingOutput, s.pendingOutput)
                    && java.util.Objects.equals(r.waitingFor, s.waitingFor)
                    && java.util.Objects.equals(r.lastFailure, s.lastFailure), context + ": " + s);
        }
        final List<byte[]> retainedA = a.retainedSnapshotRows();
        final List<byte[]> retainedB = b.retainedSnapshotRows();
        assertEquals(retainedA.size(), retainedB.size(), context);
        for (int i = 0; i < retainedA.size(); i++) {
            final byte[] row = retainedA.get(i);
            assertArrayEquals(row, retainedB.get(i), context);
            final InvocationStatus s = RetainedCodec.decode(row, 0, row.length);
            final InvocationStatus r = b.invocation(s.id);
            assertTrue(r != null && r.phase == Phase.COMPLETED && r.result.equals(s.result)
                    && r.journal.equals(s.journal) && r.completedAtMs == s.completedAtMs, context + ": " + s);
        }
        assertEquals(a.allState(), b.allState(), context);
        assertEquals(a.locks(), b.locks(), context);
        assertEquals(a.inboxes().keySet(), b.inboxes().keySet(), context);
        a.inboxes().forEach((k, v) -> assertEquals(List.copyOf(v), List.copyOf(b.inboxes().get(k)), context));
        assertEquals(a.outbox(), b.outbox(), context);
        assertEquals(a.dedupTable(), b.dedupTable(), context);
        assertEquals(List.copyOf(a.timers()), List.copyOf(b.timers()), context);
        assertEquals(a.promises(), b.promises(), context);
    }

    static InMemoryPartitionState randomState(final SplittableRandom r) {
        final InMemoryPartitionState s = new InMemoryPartitionState();
        s.appliedLsn(r.nextLong(1, Long.MAX_VALUE));
        s.leaderEpoch(r.nextLong(0, 1_000));
        final List<InvocationKey> ids = new ArrayList<>();
        for (int i = r.nextInt(12); i > 0; i--) {
            final InvocationStatus status = randomStatus(r);
            ids.add(status.id);
            s.putInvocation(status);
        }
        for (int i = r.nextInt(6); i > 0; i--) {
            final InvocationStatus completed = randomStatus(r);
            completed.phase = Phase.COMPLETED;
            completed.result = completed.result != null ? completed.result : CompletionResult.success(ByteString.EMPTY);
            s.retainCompleted(completed, r.nextLong(0, 1L << 50));
        }
        for (int i = r.nextInt(6); i > 0; i--) {
            final ObjectKey object = randomObject(r);
            for (int e = r.nextInt(1, 5); e > 0; e--) {
                s.putState(object, randomBytes(r, 8), randomBytes(r, 40));
            }
            if (r.nextBoolean()) {
                s.lock(object, randomId(r));
            }
            for (int e = r.nextInt(4); e > 0; e--) {
                s.enqueueInbox(object, ids.isEmpty() || r.nextBoolean() ? randomId(r) : ids.get(r.nextInt(ids.size())));
            }
        }
        for (int i = r.nextInt(5); i > 0; i--) {
            s.appendOutbox(new OutboxMessage(r.nextLong(), Command.newBuilder().setTruncateOutbox(
                    TruncateOutbox.newBuilder().setUpToIndex(r.nextLong(0, 100))).build()));
        }
        s.truncateOutbox(r.nextInt(3));
        for (int i = r.nextInt(4); i > 0; i--) {
            s.dedupSeq("producer-" + r.nextInt(100), r.nextLong(-1, Long.MAX_VALUE));
        }
        for (int i = r.nextInt(6); i > 0; i--) {
            s.addTimer(new Timer(r.nextLong(0, Long.MAX_VALUE), randomId(r),
                    TimerKind.forNumber(r.nextInt(4)), r.nextInt(100)));
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            final List<DurablePromise.Waiter> waiters = new ArrayList<>();
            for (int w = r.nextInt(3); w > 0; w--) {
                waiters.add(new DurablePromise.Waiter(randomId(r), r.nextInt(1, 100)));
            }
            s.putPromise(randomObject(r), "p" + r.nextInt(5), new DurablePromise(randomResult(r), waiters));
        }
        return s;
    }

    static InvocationStatus randomStatus(final SplittableRandom r) {
        final InvocationStatus s = new InvocationStatus(randomId(r), InvocationTarget.newBuilder()
                .setService("svc" + r.nextInt(5)).setHandler("h" + r.nextInt(5)).setKey(randomString(r))
                .setServiceType(ServiceType.forNumber(r.nextInt(3))).setHandlerType(HandlerType.forNumber(r.nextInt(4)))
                .build(), InvocationOptions.newBuilder().setLazyState(r.nextBoolean())
                .setJournalRetentionMs(r.nextLong(0, 1L << 40)).setRetryPolicy(RetryPolicy.newBuilder()
                        .setMaxAttempts(r.nextInt(100)).setExponentiationFactor(r.nextDouble() * 3)).build(),
                r.nextBoolean() ? "" : randomString(r), r.nextBoolean() ? ByteString.EMPTY : randomBytes(r, 24),
                r.nextLong(0, 1L << 45));
        s.phase = r.nextInt(8) == 0 ? null : Phase.values()[r.nextInt(Phase.values().length)];
        s.modifiedAtMs = r.nextLong();
        for (int i = r.nextInt(6); i > 0; i--) {
            s.journal.add(JournalEntry.newBuilder().setType(r.nextInt(0x10000)).setPayload(randomBytes(r, 60))
                    .build());
        }
        s.commandCount = r.nextInt(1000);
        for (int i = r.nextInt(3); i > 0; i--) {
            s.sinks.add(ResponseSink.newBuilder().setCallerInvocationId(randomBytes(r, 24))
                    .setCompletionId(r.nextInt(50)).setNotificationType(r.nextInt(5)).build());
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            s.arrivedCompletions.add(r.nextInt(100));
            s.arrivedSignals.add(r.nextInt(100));
            s.arrivedNamedSignals.add(randomString(r));
        }
        s.waitingFor = r.nextBoolean() ? null : Suspended.newBuilder().addWaitingCompletions(r.nextInt(9))
                .addWaitingNamedSignals(randomString(r)).build();
        s.attempt = r.nextInt(100);
        s.failedAttemptsSinceProgress = r.nextInt(100);
        s.lastEntryAtMs = r.nextLong();
        s.lastFailure = r.nextBoolean() ? null : AttemptFailed.newBuilder().setCode(r.nextInt(600))
                .setMessage(randomString(r)).setBehavior(FailureBehavior.forNumber(r.nextInt(3)))
                .setNextRetryDelayMs(r.nextLong(0, 1_000_000)).build();
        s.nextRetryAtMs = r.nextLong();
        s.pinnedDeployment = r.nextBoolean() ? "" : "dp_" + randomString(r);
        s.pendingOutput = randomResult(r);
        s.result = randomResult(r);
        s.completedAtMs = r.nextLong();
        s.executeAtMs = r.nextLong();
        return s;
    }

    static CompletionResult randomResult(final SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> CompletionResult.success(randomBytes(r, 30));
            default -> new CompletionResult(null, Failure.newBuilder().setCode(r.nextInt(600))
                    .setMessage(randomString(r)).build());
        };
    }

    private static ObjectKey randomObject(final SplittableRandom r) {
        return new ObjectKey("Obj" + r.nextInt(3), randomString(r));
    }

    static InvocationKey randomId(final SplittableRandom r) {
        return new InvocationKey(r.nextLong(), r.nextLong(), r.nextLong());
    }

    static ByteString randomBytes(final SplittableRandom r, final int maxBytes) {
        final byte[] b = new byte[r.nextInt(maxBytes + 1)];
        r.nextBytes(b);
        return ByteString.copyFrom(b);
    }

    private static String randomString(final SplittableRandom r) {
        final char[] chars = new char[r.nextInt(12)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = r.nextInt(10) == 0 ? (char) r.nextInt(0x80, 0xD7FF) : (char) r.nextInt('a', 'z' + 1);
        }
        return new String(chars);
    }
}
