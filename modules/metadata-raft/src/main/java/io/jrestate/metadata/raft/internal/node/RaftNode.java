package io.jrestate.metadata.raft.internal.node;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.ConfChange;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.core.RaftCore;
import io.jrestate.metadata.raft.core.ReadState;
import io.jrestate.metadata.raft.core.Ready;
import io.jrestate.metadata.raft.core.Snapshot;
import io.jrestate.metadata.raft.core.StateRole;
import io.jrestate.metadata.raft.internal.store.MetadataCommand;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One metadata server member: a {@link RaftCore}, its {@link RaftStorage} and the {@link MetadataStateMachine},
 * plus the bookkeeping of client requests. It is single-threaded and deterministic: the host calls
 * {@link #tick()}, {@link #receive(Message)} and {@link #submit} from one thread (a server loop in production, the
 * seeded scheduler in the simulator), and every call runs the Ready loop to completion before returning.
 *
 * <pre>
 *   submit/receive/tick --> RaftCore --ready--> storage.persist --> send --> apply --> advance
 *                                                                            |
 *                               answer writes at apply, reads at applied &gt;= read index
 * </pre>
 *
 * <p>Writes are answered when their entry applies (with the state machine's result) or, when leadership is lost
 * first, with {@link MetadataResponse.OutcomeUnknown}. Reads use ReadIndex and only the leader serves them. A
 * storage failure stops the node for good ({@link #isFailed()}): nothing after the failure is acknowledged.
 */
public final class RaftNode {
    private static final int READY_ROUNDS_MAX = 10_000;

    /**
     * Tuning of a node.
     *
     * @param raft the core's config
     * @param snapshotThresholdEntries applied entries after which the node snapshots and compacts its log
     *     ({@code log-trim-threshold}, 1000)
     * @param pendingRequestsMax writes plus reads a leader holds unanswered at most; more are refused as busy
     */
    public record Options(RaftConfig raft, long snapshotThresholdEntries, int pendingRequestsMax) {
        /** Checks the ranges. */
        public Options {
            Verify.argument(snapshotThresholdEntries >= 1, "snapshotThresholdEntries must be >= 1");
            Verify.argument(pendingRequestsMax >= 1, "pendingRequestsMax must be >= 1");
        }
    }

    /** Sends messages to peers (may drop them; Raft retries). */
    @FunctionalInterface
    public interface Outbound {
        /**
         * Sends a message.
         *
         * @param message the message
         */
        void send(Message message);
    }

    private record PendingWrite(long term, Consumer<MetadataResponse> reply) {
    }

    private static final class PendingRead {
        private final MetadataRequest request;
        private final Consumer<MetadataResponse> reply;
        private long index = -1;

        PendingRead(final MetadataRequest request, final Consumer<MetadataResponse> reply) {
            this.request = request;
            this.reply = reply;
        }
    }

    private final Options options;
    private final RaftCore core;
    private final RaftStorage storage;
    private final Outbound outbound;
    private final RaftObserver observer;
    private final MetadataStateMachine stateMachine = new MetadataStateMachine();
    private final TreeMap<Long, PendingWrite> pendingWrites = new TreeMap<>();
    private final LinkedHashMap<Long, PendingRead> pendingReads = new LinkedHashMap<>();
    private long nextReadCtx = 1;
    private long leaderTerm = -1;
    private IOException failure;
    private boolean batching;

    private RaftNode(final Options options, final RaftCore core, final RaftStorage storage, final Outbound outbound,
                     final RaftObserver observer) {
        this.options = options;
        this.core = core;
        this.storage = storage;
        this.outbound = outbound;
        this.observer = observer;
    }

    /**
     * Opens a node from its storage. A node that is the only voter of its group campaigns at once, so a
     * single-node server leads (and serves) right after a restart.
     *
     * @param options tuning
     * @param storage the node's durable state
     * @param outbound the transport to peers
     * @param random the core's randomness
     * @param observer hooks (use {@link RaftObserver#NONE})
     * @return the node
     * @throws IOException when the storage cannot be read
     */
    public static RaftNode open(final Options options, final RaftStorage storage, final Outbound outbound,
                                final RandomGenerator random, final RaftObserver observer) throws IOException {
        final RaftStorage.Recovered recovered = storage.load();
        final RaftCore core = new RaftCore(options.raft(), recovered.hardState(), recovered.snapshot(),
            recovered.entries(), random);
        final RaftNode node = new RaftNode(options, core, storage, outbound, observer);
        if (recovered.snapshot() != null) {
            node.stateMachine.restore(recovered.snapshot().data());
        }
        if (core.conf().voters().size() == 1 && core.conf().voters().contains(core.id())) {
            core.campaign();
        }
        node.process();
        return node;
    }

    /** Advances logical time by one tick. */
    public void tick() {
        if (failure == null) {
            core.tick();
            process();
        }
    }

    /**
     * Handles a message from a peer.
     *
     * @param message the message
     */
    public void receive(final Message message) {
        if (failure == null) {
            core.step(message);
            process();
        }
    }

    /**
     * Handles a client request; {@code reply} is called exactly once, now or from a later call on this node (or
     * never, if the node stops first: clients time out).
     *
     * @param request the request
     * @param reply the answer's consumer
     */
    public void submit(final MetadataRequest request, final Consumer<MetadataResponse> reply) {
        if (failure != null) {
            reply.accept(new MetadataResponse.Busy("metadata server node " + core.id() + " stopped: " + failure));
            return;
        }
        if (core.role() != StateRole.LEADER) {
            reply.accept(new MetadataResponse.NotLeader(core.leaderId()));
            return;
        }
        if (pendingWrites.size() + pendingReads.size() >= options.pendingRequestsMax()) {
            reply.accept(new MetadataResponse.Busy("metadata server node " + core.id() + " has "
                + options.pendingRequestsMax() + " requests pending"));
            return;
        }
        switch (request) {
            case MetadataRequest.Get get -> submitRead(request, reply);
            case MetadataRequest.GetVersion get -> submitRead(request, reply);
            case MetadataRequest.Put put -> submitWrite(new MetadataCommand(MetadataCommand.Op.PUT, put.key(),
                put.precondition(), put.contentType(), put.value()), reply);
            case MetadataRequest.Delete delete -> submitWrite(new MetadataCommand(MetadataCommand.Op.DELETE,
                delete.key(), delete.precondition(), "", new byte[0]), reply);
        }
        process();
    }

    private void submitRead(final MetadataRequest request, final Consumer<MetadataResponse> reply) {
        final long ctx = nextReadCtx++;
        if (!core.readIndex(ctx)) {
            reply.accept(new MetadataResponse.Busy("read index refused by node " + core.id()));
            return;
        }
        pendingReads.put(ctx, new PendingRead(request, reply));
    }

    private void submitWrite(final MetadataCommand command, final Consumer<MetadataResponse> reply) {
        final long index = core.propose(command.encode());
        if (index == 0) {
            reply.accept(core.role() == StateRole.LEADER
                ? new MetadataResponse.Busy("leader " + core.id() + " refused the proposal (transfer or backlog)")
                : new MetadataResponse.NotLeader(core.leaderId()));
            return;
        }
        pendingWrites.put(index, new PendingWrite(core.term(), reply));
    }

    /**
     * Proposes a membership change (only on the leader).
     *
     * @param change the change
     * @return the entry index, or 0 when refused
     */
    public long proposeConfChange(final ConfChange change) {
        if (failure != null) {
            return 0;
        }
        final long index = core.proposeConfChange(change);
        process();
        return index;
    }

    /**
     * Starts a leadership transfer (only on the leader).
     *
     * @param target the voter to hand leadership to
     * @return whether the transfer started
     */
    public boolean transferLeadership(final long target) {
        if (failure != null) {
            return false;
        }
        final boolean started = core.transferLeadership(target);
        process();
        return started;
    }

    /**
     * Runs several calls (submits, receives) as one batch: the Ready loop runs once at the end, so proposals that
     * arrive together share one log sync (group commit) and one append message per follower.
     *
     * @param calls the calls to make on this node
     */
    public void batch(final Runnable calls) {
        batching = true;
        try {
            calls.run();
        } finally {
            batching = false;
        }
        process();
    }

    private void process() {
        if (batching) {
            return;
        }
        int rounds = 0;
        while (failure == null && core.hasReady() && rounds++ < READY_ROUNDS_MAX) {
            final Ready ready = core.ready();
            try {
                storage.persist(ready);
            } catch (final IOException e) {
                fail(e);
                return;
            }
            observer.onPersisted(core.id(), ready);
            for (final Message message : ready.messages()) {
                observer.onSend(message);
                outbound.send(message);
            }
            if (ready.snapshot() != null) {
                stateMachine.restore(ready.snapshot().data());
            }
            apply(ready.committedEntries());
            core.advance(ready);
            recordReadStates(ready.readStates());
            serveReads();
            maybeCompact();
            checkLeadership();
        }
    }

    private void apply(final List<Entry> entries) {
        for (final Entry entry : entries) {
            MetadataStateMachine.Result result = null;
            if (entry.type() == EntryType.NORMAL) {
                result = stateMachine.apply(MetadataCommand.decode(entry.data()));
            }
            final PendingWrite pending = pendingWrites.remove(entry.index());
            if (pending == null) {
                continue;
            }
            if (pending.term() != entry.term() || result == null) {
                // Another leader's entry took this index: ours was never committed and never will be.
                pending.reply().accept(new MetadataResponse.NotLeader(core.leaderId()));
            } else if (result.applied()) {
                pending.reply().accept(new MetadataResponse.Ok(null, result.version()));
            } else {
                pending.reply().accept(new MetadataResponse.PreconditionFailed(result.version()));
            }
        }
        if (!entries.isEmpty()) {
            observer.onApplied(core.id(), core.term(), entries);
        }
    }

    private void recordReadStates(final List<ReadState> readStates) {
        for (final ReadState state : readStates) {
            final PendingRead read = pendingReads.get(state.requestCtx());
            if (read != null) {
                read.index = state.index();
            }
        }
    }

    private void serveReads() {
        final Iterator<PendingRead> it = pendingReads.values().iterator();
        while (it.hasNext()) {
            final PendingRead read = it.next();
            if (read.index < 0 || read.index > core.applied()) {
                continue;
            }
            it.remove();
            final var value = stateMachine.get(read.request.key());
            if (read.request instanceof MetadataRequest.GetVersion) {
                read.reply.accept(new MetadataResponse.Ok(null, value == null ? 0 : value.version()));
            } else {
                read.reply.accept(new MetadataResponse.Ok(value, 0));
            }
        }
    }

    private void maybeCompact() {
        if (core.applied() - core.snapshot().index() < options.snapshotThresholdEntries()) {
            return;
        }
        final Snapshot snapshot = core.createSnapshot(core.applied(), stateMachine.snapshot());
        try {
            storage.compact(snapshot);
        } catch (final IOException e) {
            fail(e);
        }
    }

    /** Thesis §6.3 and the metadata server contract: pending requests fail when leadership is lost. */
    private void checkLeadership() {
        final boolean leader = core.role() == StateRole.LEADER;
        if (leaderTerm >= 0 && (!leader || core.term() != leaderTerm)) {
            failPending(new MetadataResponse.OutcomeUnknown("leader " + core.id() + " lost leadership of term "
                + leaderTerm), new MetadataResponse.NotLeader(core.leaderId()));
        }
        leaderTerm = leader ? core.term() : -1;
    }

    private void failPending(final MetadataResponse writes, final MetadataResponse reads) {
        final List<PendingWrite> failedWrites = new ArrayList<>(pendingWrites.values());
        final List<PendingRead> failedReads = new ArrayList<>(pendingReads.values());
        pendingWrites.clear();
        pendingReads.clear();
        failedWrites.forEach(w -> w.reply().accept(writes));
        failedReads.forEach(r -> r.reply.accept(reads));
    }

    private void fail(final IOException e) {
        failure = e;
        failPending(new MetadataResponse.OutcomeUnknown("metadata storage failed on node " + core.id() + ": "
            + e.getMessage()), new MetadataResponse.Busy("metadata storage failed on node " + core.id()));
    }

    /** @return whether a storage failure stopped this node */
    public boolean isFailed() {
        return failure != null;
    }

    /** @return the storage failure that stopped the node, or null */
    public IOException failure() {
        return failure;
    }

    /** @return the core, for observation (hosts, tests, checkers); do not drive it directly */
    public RaftCore core() {
        return core;
    }

    /** @return the state machine, for observation */
    public MetadataStateMachine stateMachine() {
        return stateMachine;
    }

    /** @return this node's id */
    public long id() {
        return core.id();
    }
}
