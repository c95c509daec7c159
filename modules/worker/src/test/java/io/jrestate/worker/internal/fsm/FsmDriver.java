package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.jrestate.worker.internal.wal.AnnounceLeader;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Dedup;
import io.jrestate.worker.internal.wal.Ended;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.InvokerEffect;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.ResolvedCall;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerFired;
import java.util.ArrayList;
import java.util.List;

/** Test harness: one state machine, a record counter, a settable clock and the actions it emitted. */
final class FsmDriver {
    static final int PARTITIONS = 4;
    final PartitionFsm fsm;
    final List<Action> actions = new ArrayList<>();
    final List<Envelope> records = new ArrayList<>();
    long lsn;
    long nowMs = 1_000_000L;

    FsmDriver(final int partitionId) {
        this(partitionId, new InMemoryPartitionState());
    }

    FsmDriver(final int partitionId, final PartitionState state) {
        this(partitionId, state, k -> "inv_" + k);
    }

    FsmDriver(final int partitionId, final PartitionState state,
            final java.util.function.Function<InvocationKey, String> idFormatter) {
        this.fsm = new PartitionFsm(new FsmConfig(partitionId, FsmDriver::partitionOf, idFormatter), state);
    }

    /** A driver whose callee id notifications carry real {@code inv_…} ids (kill propagation parses them). */
    static FsmDriver withRealIds(final int partitionId) {
        return new FsmDriver(partitionId, new InMemoryPartitionState(), k -> k.toInvocationId().toString());
    }

    /** Partition of a key in this test world: the top two bits. */
    static int partitionOf(final long partitionKey) {
        return (int) (partitionKey >>> 62);
    }

    /** A key owned by {@code partition}, varied by {@code n}. */
    static long keyIn(final int partition, final long n) {
        return ((long) partition << 62) | n;
    }

    List<Action> apply(final Command command) {
        return apply(Envelope.newBuilder().setTimestampMs(nowMs).setCommand(command).build());
    }

    List<Action> apply(final Envelope record) {
        final List<Action> emitted = new ArrayList<>();
        fsm.apply(++lsn, record, emitted::add);
        records.add(record);
        actions.addAll(emitted);
        return emitted;
    }

    List<Action> applyDeduped(final Command command, final int producerPartition, final long seq) {
        return apply(Envelope.newBuilder().setTimestampMs(nowMs).setCommand(command)
                .setDedup(Dedup.newBuilder().setPartitionId(producerPartition).setSeq(seq)).build());
    }

    InvocationStatus status(final InvocationKey id) {
        return fsm.state().invocation(id);
    }

    static InvocationKey id(final int partition, final long n) {
        return new InvocationKey(keyIn(partition, n), 0x0123_4567_89abL, n);
    }

    static InvocationTarget service(final String name, final String handler) {
        return InvocationTarget.newBuilder().setService(name).setHandler(handler)
                .setServiceType(ServiceType.SERVICE).build();
    }

    static InvocationTarget object(final String name, final String key, final String handler,
            final HandlerType type) {
        return InvocationTarget.newBuilder().setService(name).setHandler(handler).setKey(key)
                .setServiceType(ServiceType.VIRTUAL_OBJECT).setHandlerType(type).build();
    }

    static InvocationOptions options(final int maxAttempts, final OnMaxAttempts onMax) {
        return InvocationOptions.newBuilder().setRetryPolicy(RetryPolicy.newBuilder().setInitialIntervalMs(500)
                .setExponentiationFactor(2.0).setMaxIntervalMs(60_000).setMaxAttempts(maxAttempts)
                .setOnMaxAttempts(onMax)).build();
    }

    static Command invoke(final InvocationKey id, final InvocationTarget target, final String argument) {
        return invoke(id, target, options(70, OnMaxAttempts.PAUSE), argument);
    }

    static Command invoke(final InvocationKey id, final InvocationTarget target, final InvocationOptions options,
            final String argument) {
        return Command.newBuilder().setInvoke(Invoke.newBuilder().setInvocationId(id.toByteString())
                .setTarget(target).setOptions(options).setArgument(ByteString.copyFromUtf8(argument))).build();
    }

    static Command entry(final InvocationKey id, final int attempt, final int type, final Message payload) {
        return effect(InvokerEffect.newBuilder().setInvocationId(id.toByteString()).setAttempt(attempt)
                .setEntry(JournalEntry.newBuilder().setType(type).setPayload(payload.toByteString())));
    }

    static Command call(final InvocationKey id, final int attempt, final int type, final Message payload,
            final ResolvedCall resolved) {
        return effect(InvokerEffect.newBuilder().setInvocationId(id.toByteString()).setAttempt(attempt)
                .setEntry(JournalEntry.newBuilder().setType(type).setPayload(payload.toByteString()))
                .setResolvedCall(resolved));
    }

    static Command ended(final InvocationKey id, final int attempt) {
        return effect(InvokerEffect.newBuilder().setInvocationId(id.toByteString()).setAttempt(attempt)
                .setEnded(Ended.getDefaultInstance()));
    }

    static Command failed(final InvocationKey id, final int attempt, final AttemptFailed failure) {
        return effect(InvokerEffect.newBuilder().setInvocationId(id.toByteString()).setAttempt(attempt)
                .setFailed(failure));
    }

    static Command suspended(final InvocationKey id, final int attempt, final Suspended suspended) {
        return effect(InvokerEffect.newBuilder().setInvocationId(id.toByteString()).setAttempt(attempt)
                .setSuspended(suspended));
    }

    static Command timerFired(final Timer timer) {
        return Command.newBuilder().setTimerFired(TimerFired.newBuilder().setKey(timer.toProto())).build();
    }

    static Command announce(final long epoch) {
        return Command.newBuilder().setAnnounceLeader(AnnounceLeader.newBuilder().setLeaderEpoch(epoch)).build();
    }

    private static Command effect(final InvokerEffect.Builder effect) {
        return Command.newBuilder().setInvokerEffect(effect).build();
    }

    @SuppressWarnings("unchecked")
    static <T extends Action> List<T> only(final List<Action> actions, final Class<T> type) {
        final List<T> out = new ArrayList<>();
        for (final Action action : actions) {
            if (type.isInstance(action)) {
                out.add((T) action);
            }
        }
        return out;
    }

    static <T extends Action> T single(final List<Action> actions, final Class<T> type) {
        final List<T> found = only(actions, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + actions);
        }
        return found.get(0);
    }
}
