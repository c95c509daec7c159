package io.jrestate.worker.internal.fsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.snapshot.ChunkedBytes;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.TimerKind;
import io.jrestate.worker.internal.wal.TruncateOutbox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A snapshot captured on the partition thread and encoded on another thread equals the tables at the capture's
 * LSN, however the tables change while it encodes. Two tables receive the same random operations (every table,
 * rows mutated in place through {@code invocation(id)} and {@code invocations()}, thousands of keys so every
 * copy-on-write segment is shared): the live one is captured at random points and its capture encoded on a
 * separate thread while this thread keeps applying operations to both; the model is never captured and is encoded
 * synchronously at the capture point. The two encodings must be equal byte for byte, captures sometimes overlap
 * (a second capture before the first is released), and at the end the live tables (after all the copying) must
 * still equal the model. Prints the seed; replay with {@code -Dseed=N}.
 */
@Tag("property")
class CapturedSnapshotProperties {
    private static final int RUNS = 8;
    private static final int OBJECTS = 3_000;
    private final ExecutorService encoder = Executors.newSingleThreadExecutor();
    private final SnapshotBody body = SnapshotBody.standard();

    @AfterEach
    void stop() throws InterruptedException {
        encoder.shutdownNow();
        encoder.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A capture being encoded, with what the model encoded at the same point. */
    private record Pending(SnapshotBody.Captured captured, byte[] expected, CompletableFuture<byte[]> encoded) {
    }

    @Test
    void shouldEncodeACaptureExactlyAsTheTablesWereAtItsLsn() throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("CapturedSnapshotProperties seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++) {
            final String context = "seed " + seed + " run " + run;
            final InMemoryPartitionState live = new InMemoryPartitionState();
            final InMemoryPartitionState model = new InMemoryPartitionState();
            final List<InvocationKey> ids = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                both(live, model, randomOp(random, ids));
            }
            final ArrayDeque<Pending> pending = new ArrayDeque<>();
            for (int capture = 0; capture < 6; capture++) {
                pending.add(capture(live, model));
                for (int i = random.nextInt(50, 1_500); i > 0; i--) {
                    both(live, model, randomOp(random, ids));
                }
                if (pending.size() == 2 || random.nextBoolean()) {
                    finish(pending.poll(), live, context);
                }
            }
            while (!pending.isEmpty()) {
                finish(pending.poll(), live, context);
            }
            for (int i = 0; i < 500; i++) {
                both(live, model, randomOp(random, ids));
            }
            assertArrayEquals(bytes(body.encode(1, model)), bytes(body.encode(1, live)),
                    context + ": the live tables differ from the model after the captures");
            assertEquals(model.invocationCount(), live.invocationCount(), context);
        }
    }

    private Pending capture(final InMemoryPartitionState live, final InMemoryPartitionState model)
            throws Exception {
        final byte[] expected = bytes(body.encode(1, model));
        final SnapshotBody.Captured captured = body.capture(1, live);
        final CompletableFuture<byte[]> encoded = CompletableFuture.supplyAsync(() -> {
            try {
                return bytes(body.encode(captured));
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, encoder);
        return new Pending(captured, expected, encoded);
    }

    private static void finish(final Pending p, final InMemoryPartitionState live, final String context)
            throws Exception {
        assertArrayEquals(p.expected(), p.encoded().get(60, TimeUnit.SECONDS),
                context + ": capture at lsn " + p.captured().appliedLsn() + " changed while encoding");
        live.release(p.captured().tables());
    }

    private static void both(final InMemoryPartitionState live, final InMemoryPartitionState model,
            final Consumer<InMemoryPartitionState> op) {
        op.accept(live);
        op.accept(model);
    }

    private static Consumer<InMemoryPartitionState> randomOp(final SplittableRandom r, final List<InvocationKey> ids) {
        final ObjectKey object = new ObjectKey("Obj" + r.nextInt(3), "k" + r.nextInt(OBJECTS));
        final ByteString key = ByteString.copyFromUtf8("s" + r.nextInt(6));
        final InvocationKey id = ids.isEmpty() ? SnapshotRoundTripProperties.randomId(r)
                : ids.get(r.nextInt(ids.size()));
        final long value = r.nextLong();
        final int pick = r.nextInt(100);
        if (pick < 30) {
            final ByteString bytes = SnapshotRoundTripProperties.randomBytes(r, 30);
            return s -> s.putState(object, key, bytes);
        } else if (pick < 36) {
            return s -> s.clearState(object, key);
        } else if (pick < 38) {
            return s -> s.clearAllState(object);
        } else if (pick < 42) {
            final InvocationKey holder = r.nextBoolean() ? null : id;
            return s -> s.lock(object, holder);
        } else if (pick < 46) {
            return s -> s.enqueueInbox(object, id);
        } else if (pick < 49) {
            return s -> s.pollInbox(object);
        } else if (pick < 57) {
            final InvocationStatus row = SnapshotRoundTripProperties.randomStatus(r);
            ids.add(row.id);
            return s -> s.putInvocation(InvocationRows.copyOf(row));
        } else if (pick < 75) {
            return mutateRow(r, id);
        } else if (pick < 77) {
            return s -> s.removeInvocation(id);
        } else if (pick == 77) {
            return s -> s.invocations().forEach(row -> row.attempt++);
        }
        return otherTableOp(r, pick, object, value);
    }

    private static Consumer<InMemoryPartitionState> mutateRow(final SplittableRandom r, final InvocationKey id) {
        final JournalEntry entry = JournalEntry.newBuilder().setType(r.nextInt(0x10000))
                .setPayload(SnapshotRoundTripProperties.randomBytes(r, 20)).build();
        final int completion = r.nextInt(1_000);
        final Phase phase = Phase.values()[r.nextInt(Phase.values().length)];
        final CompletionResult result = SnapshotRoundTripProperties.randomResult(r);
        return s -> {
            final InvocationStatus row = s.invocation(id);
            if (row != null) {
                row.journal.add(entry);
                row.arrivedCompletions.add(completion);
                row.sinks.clear();
                row.phase = phase;
                row.result = result;
                row.attempt++;
                s.putInvocation(row);
            }
        };
    }

    private static Consumer<InMemoryPartitionState> otherTableOp(final SplittableRandom r, final int pick,
            final ObjectKey object, final long value) {
        if (pick < 82) {
            final Command command = Command.newBuilder().setTruncateOutbox(TruncateOutbox.newBuilder()
                    .setUpToIndex(value)).build();
            return s -> s.appendOutbox(new OutboxMessage(value, command));
        } else if (pick < 84) {
            final long upTo = r.nextLong(0, 50);
            return s -> s.truncateOutbox(s.nextOutboxIndex() - upTo);
        } else if (pick < 88) {
            final String producer = "p" + r.nextInt(200);
            return s -> s.dedupSeq(producer, value);
        } else if (pick < 92) {
            final Timer timer = new Timer(r.nextLong(0, 1_000), SnapshotRoundTripProperties.randomId(r),
                    TimerKind.forNumber(r.nextInt(4)), r.nextInt(3));
            return s -> s.addTimer(timer);
        } else if (pick < 93) {
            return s -> {
                if (!s.timers().isEmpty()) {
                    s.removeTimer(s.timers().first());
                }
            };
        } else if (pick < 96) {
            final DurablePromise promise = new DurablePromise(SnapshotRoundTripProperties.randomResult(r), List.of());
            final String name = "p" + r.nextInt(4);
            return s -> s.putPromise(object, name, promise);
        } else if (pick < 97) {
            return s -> s.clearPromises(object);
        }
        return s -> {
            s.appliedLsn(s.appliedLsn() + 1);
            s.leaderEpoch(s.leaderEpoch() + (value & 1));
        };
    }

    private static byte[] bytes(final ChunkedBytes chunks) {
        return SnapshotRoundTripProperties.bytes(chunks);
    }
}
