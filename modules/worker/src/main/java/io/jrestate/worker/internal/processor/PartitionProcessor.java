package io.jrestate.worker.internal.processor;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.worker.internal.fsm.Action;
import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.InMemoryPartitionState;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.PartitionFsm;
import io.jrestate.worker.internal.fsm.PartitionState;
import io.jrestate.worker.internal.fsm.Phase;
import io.jrestate.worker.internal.fsm.RetainedStorage;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import io.jrestate.worker.internal.wal.AnnounceLeader;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.ProcessorSource;
import io.jrestate.worker.internal.wal.Source;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs one partition: appends proposals to the partition's log, applies durable records in LSN order to the
 * state machine, and, as leader, executes the actions.
 *
 * <pre>
 *  ingress / invoker / timers / other partitions
 *        |  propose(command)                      (on the partition's serial executor)
 *        v
 *  PartitionLog.append --fsync--&gt; future(lsn) --&gt; onDurable: reorder by LSN
 *                                                    |
 *                                                    v
 *                                  PartitionFsm.apply(lsn, record) --&gt; actions
 *                                                    |
 *                           LeaderActions: attempts, notifications, waiters, outbox, timers
 * </pre>
 *
 * <p>All state is touched only on the partition's {@link SerialExecutor}; callbacks from the log, the invoker
 * and timers hop onto it. A record is applied only after it is durable, and actions (including notifications
 * to the SDK and answers to the ingress) run only after the apply, so nothing is acknowledged before it is
 * durable. Failure to append is fatal for the partition: it stops applying and rejects new work.
 */
public final class PartitionProcessor {
    private static final System.Logger LOG = System.getLogger(PartitionProcessor.class.getName());
    private final ProcessorContext ctx;
    private final SerialExecutor executor;
    private PartitionFsm fsm;
    private final RetainedStorage retainedStorage;
    private final ProcessorSnapshots snapshots;
    private long replayedRecords;
    private final LeaderActions leader;
    private final TreeMap<Long, Envelope> durable = new TreeMap<>();
    private final Map<InvocationKey, List<CompletableFuture<Completed>>> waiters = new HashMap<>();
    private long myEpoch;
    private boolean isLeader;
    private volatile Throwable failure;

    /**
     * Creates a processor; call {@link #start()} to replay and lead.
     *
     * @param ctx the collaborators
     */
    public PartitionProcessor(final ProcessorContext ctx) {
        this(ctx, null);
    }

    /**
     * Creates a processor that restores from and writes partition snapshots; call {@link #start()}.
     *
     * @param ctx the collaborators
     * @param snapshots the node's snapshot setup, or null for none (the whole log is replayed at start)
     */
    public PartitionProcessor(final ProcessorContext ctx, final SnapshotSetup snapshots) {
        this(ctx, snapshots, RetainedStorage.heap());
    }

    /**
     * Creates a processor whose retained invocations live in the given storage (e.g. on disk); call
     * {@link #start()}.
     *
     * @param ctx the collaborators
     * @param snapshots the node's snapshot setup, or null for none (the whole log is replayed at start)
     * @param retained opens the retained table empty, or restores it from a snapshot's rows
     */
    public PartitionProcessor(final ProcessorContext ctx, final SnapshotSetup snapshots,
            final RetainedStorage retained) {
        this.retainedStorage = retained;
        final PartitionState state = new InMemoryPartitionState(retained);
        this.ctx = ctx;
        this.executor = new SerialExecutor("partition-" + ctx.fsm().partitionId(), ctx.pool(), ctx.mailboxCapacity());
        this.fsm = new PartitionFsm(ctx.fsm(), state);
        this.leader = new LeaderActions(ctx, this);
        this.snapshots = snapshots == null ? null : new ProcessorSnapshots(this, snapshots);
    }

    /**
     * The partition id.
     *
     * @return the id
     */
    public int partitionId() {
        return ctx.fsm().partitionId();
    }

    /** Fresh, empty tables over this partition's retained storage (a snapshot restores into them). */
    SnapshotTables freshState() {
        return new InMemoryPartitionState(retainedStorage);
    }

    SerialExecutor executor() {
        return executor;
    }

    /**
     * Replays the log into the state machine, then claims leadership with a new epoch.
     *
     * @return completes when the announcement is applied and this processor leads
     */
    public CompletableFuture<Void> start() {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                replay();
                myEpoch = fsm.state().leaderEpoch() + 1;
                propose(Command.newBuilder().setAnnounceLeader(AnnounceLeader.newBuilder().setLeaderEpoch(myEpoch)
                        .setNodeName(ctx.nodeName())).build()).whenComplete((lsn, e) -> {
                            if (e != null) {
                                started.completeExceptionally(e);
                            } else {
                                executor.executeInternal(() -> started.complete(null));
                            }
                        });
            } catch (final RuntimeException e) {
                halt(e);
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    private void replay() {
        if (snapshots != null) {
            fsm = new PartitionFsm(ctx.fsm(), snapshots.restore(ctx.log(), ctx.clockMs().getAsLong()));
        }
        final long from = fsm.state().appliedLsn() + 1;
        if (from < ctx.log().firstLsn()) {
            throw new IllegalStateException("partition " + partitionId() + ": the log starts at lsn "
                    + ctx.log().firstLsn() + " (trimmed) but the state covers only up to lsn " + (from - 1));
        }
        final long[] count = {0};
        ctx.log().readFrom(from, (lsn, bytes) -> {
            fsm.apply(lsn, decode(lsn, bytes), action -> { });
            count[0]++;
        });
        replayedRecords = count[0];
        if (snapshots != null) {
            snapshots.onReplayed(count[0]);
        }
        LOG.log(System.Logger.Level.INFO, "partition {0}: replayed {1} records up to lsn {2}", partitionId(), count[0],
                fsm.state().appliedLsn());
    }

    /**
     * How many log records the last start replayed (after the restored snapshot, if any).
     *
     * @return the count
     */
    public long replayedRecords() {
        return replayedRecords;
    }

    /**
     * Takes a snapshot of this partition at its current applied LSN (after one in flight). Thread-safe.
     *
     * @param trimLog trim the log up to the oldest retained snapshot right away instead of after
     *     {@code trim-delay-interval}
     * @return completes with the committed snapshot; fails when snapshots are not set up or the partition stopped
     */
    public CompletableFuture<SnapshotInfo> snapshot(final boolean trimLog) {
        if (snapshots == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("partition " + partitionId()
                    + ": snapshots are not set up"));
        }
        return onExecutor(() -> failure != null ? CompletableFuture.failedFuture(new IllegalStateException(
                "partition " + partitionId() + " stopped after a failure", failure))
                : snapshots.take(trimLog, ctx.clockMs().getAsLong()));
    }

    /**
     * How long the last snapshot held the partition thread (capturing the tables).
     *
     * @return nanoseconds, 0 before the first snapshot or without snapshots
     */
    public long lastSnapshotCaptureNs() {
        return snapshots == null ? 0 : snapshots.lastCaptureNs();
    }

    /**
     * How long the last snapshot's encoding took on the snapshot writer thread.
     *
     * @return nanoseconds, 0 before the first snapshot or without snapshots
     */
    public long lastSnapshotEncodeNs() {
        return snapshots == null ? 0 : snapshots.lastEncodeNs();
    }

    PartitionLog log() {
        return ctx.log();
    }

    java.util.concurrent.ScheduledExecutorService scheduler() {
        return ctx.scheduler();
    }

    long clockMs() {
        return ctx.clockMs().getAsLong();
    }

    private Envelope decode(final long lsn, final ByteBuffer bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("partition " + partitionId() + ": record at lsn " + lsn
                    + " is not a valid envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Appends a command proposed by this processor. Must run on the partition executor.
     *
     * @param command the command
     * @return completes with the LSN once durable (applied shortly after, on the executor)
     */
    CompletableFuture<Long> propose(final Command command) {
        return append(Envelope.newBuilder().setSource(Source.newBuilder().setProcessor(ProcessorSource.newBuilder()
                .setPartitionId(partitionId()).setLeaderEpoch(myEpoch))).setTimestampMs(ctx.clockMs().getAsLong())
                .setCommand(command).build());
    }

    /**
     * Appends a record from another producer (ingress, other partitions). Thread-safe.
     *
     * @param record the record
     * @return completes with the LSN once durable
     */
    public CompletableFuture<Long> deliver(final Envelope record) {
        return onExecutor(() -> append(record));
    }

    private CompletableFuture<Long> append(final Envelope record) {
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("partition " + partitionId()
                    + " stopped after a failure", failure));
        }
        final CompletableFuture<Long> appended = ctx.log().append(ByteBuffer.wrap(record.toByteArray()));
        appended.whenComplete((lsn, e) -> executor.executeInternal(() -> {
            if (e != null) {
                halt(e);
            } else {
                onDurable(lsn, record);
            }
        }));
        return appended;
    }

    private void onDurable(final long lsn, final Envelope record) {
        durable.put(lsn, record);
        Map.Entry<Long, Envelope> next;
        while (failure == null && (next = durable.firstEntry()) != null
                && next.getKey() == fsm.state().appliedLsn() + 1) {
            durable.pollFirstEntry();
            applyOne(next.getKey(), next.getValue());
        }
    }

    private void applyOne(final long lsn, final Envelope record) {
        final List<Action> actions = new ArrayList<>();
        try {
            fsm.apply(lsn, record, actions::add);
        } catch (final RuntimeException e) {
            halt(e);
            return;
        }
        if (record.getCommand().hasAnnounceLeader()) {
            final boolean wasLeader = isLeader;
            isLeader = record.getCommand().getAnnounceLeader().getLeaderEpoch() == myEpoch;
            if (isLeader && !wasLeader) {
                leader.startTimerSweep();
            }
        }
        if (isLeader) {
            for (final Action action : actions) {
                leader.execute(action);
            }
        }
        if (snapshots != null) {
            snapshots.onApplied(ctx.clockMs().getAsLong());
        }
    }

    private void halt(final Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "partition " + partitionId() + " stopped", e);
        }
    }

    /**
     * A completed invocation as the ingress answers it.
     *
     * @param result the result
     * @param completedAtMs when it completed
     * @param retained whether it had completed before this request arrived (answer from the retained result)
     */
    public record Completed(CompletionResult result, long completedAtMs, boolean retained) {
    }

    /**
     * Submits a new invocation (or joins an existing one with the same id) and waits for its result.
     *
     * @param record the Invoke record
     * @return completes with the result
     */
    public CompletableFuture<Completed> call(final Envelope record) {
        return onExecutor(() -> {
            final InvocationKey id = InvocationKey.fromBytes(record.getCommand().getInvoke().getInvocationId());
            if (WorkflowCalls.isRun(record) && (fsm.state().invocation(id) != null || waiters.containsKey(id))) {
                return CompletableFuture.completedFuture(WorkflowCalls.ALREADY_INVOKED);
            }
            final CompletableFuture<Completed> result = waitFor(id);
            if (result.isDone()) {
                return result;
            }
            append(record).whenComplete((lsn, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        });
    }

    /**
     * Submits a new invocation without waiting for it.
     *
     * @param record the Invoke record
     * @return completes once durable with true when an invocation with the same id already existed
     */
    public CompletableFuture<Boolean> send(final Envelope record) {
        return onExecutor(() -> {
            final boolean existed = fsm.state().invocation(InvocationKey.fromBytes(
                    record.getCommand().getInvoke().getInvocationId())) != null;
            return existed ? CompletableFuture.completedFuture(true) : append(record).thenApply(lsn -> false);
        });
    }

    /**
     * Waits for an existing invocation's result.
     *
     * @param id the invocation
     * @return completes with the result, or null right away when the invocation is unknown
     */
    public CompletableFuture<Completed> attach(final InvocationKey id) {
        return onExecutor(() -> fsm.state().invocation(id) == null
                ? CompletableFuture.completedFuture(null) : waitFor(id));
    }

    /**
     * Reads an invocation's status right now.
     *
     * @param id the invocation
     * @param reader what to read from the status row (null when the invocation is unknown); runs on the executor
     * @param <T> the read value
     * @return completes with the read value
     */
    public <T> CompletableFuture<T> read(final InvocationKey id, final Function<InvocationStatus, T> reader) {
        return onExecutor(() -> CompletableFuture.completedFuture(reader.apply(fsm.state().invocation(id))));
    }

    private CompletableFuture<Completed> waitFor(final InvocationKey id) {
        final CompletableFuture<Completed> future = new CompletableFuture<>();
        final InvocationStatus status = fsm.state().invocation(id);
        if (status != null && status.phase() == Phase.COMPLETED) {
            future.complete(new Completed(status.result(), status.completedAtMs(), true));
        } else {
            waiters.computeIfAbsent(id, k -> new ArrayList<>(1)).add(future);
        }
        return future;
    }

    void completeWaiters(final InvocationKey id, final CompletionResult result, final long completedAtMs) {
        final List<CompletableFuture<Completed>> list = waiters.remove(id);
        if (list != null) {
            final Completed completed = new Completed(result, completedAtMs, false);
            for (final CompletableFuture<Completed> future : list) {
                future.complete(completed);
            }
        }
    }

    PartitionFsm fsm() {
        return fsm;
    }

    /**
     * Runs a task on the partition executor with the current tables; the task may {@link #propose} commands.
     *
     * @param task reads the tables, returns the answer (completing later when it waits for a proposal)
     * @param <T> the answer
     * @return completes with the task's answer
     */
    <T> CompletableFuture<T> withState(final Function<PartitionState, CompletableFuture<T>> task) {
        return onExecutor(() -> task.apply(fsm.state()));
    }

    private <T> CompletableFuture<T> onExecutor(final java.util.function.Supplier<CompletableFuture<T>> task) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    task.get().whenComplete((v, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(v);
                        }
                    });
                } catch (final RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (final RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Builds an Invoke record as the ingress proposes it.
     *
     * @param invoke the command
     * @param nowMs the proposer's clock
     * @param nodeName the ingress node name
     * @return the record
     */
    public static Envelope ingressRecord(final Invoke invoke, final long nowMs, final String nodeName) {
        return Envelope.newBuilder().setSource(Source.newBuilder().setIngress(
                io.jrestate.worker.internal.wal.IngressSource.newBuilder().setNodeName(nodeName)))
                .setPartitionKey(InvocationKey.fromBytes(invoke.getInvocationId()).partitionKey())
                .setTimestampMs(nowMs).setCommand(Command.newBuilder().setInvoke(invoke)).build();
    }
}
