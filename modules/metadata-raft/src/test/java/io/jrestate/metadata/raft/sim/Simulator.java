package io.jrestate.metadata.raft.sim;

import io.jrestate.metadata.raft.core.ConfChange;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.core.RaftCore;
import io.jrestate.metadata.raft.core.StateRole;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import io.jrestate.metadata.raft.internal.node.RaftNode;
import io.jrestate.metadata.raft.internal.node.RaftObserver;
import io.jrestate.metadata.raft.internal.storage.MemoryHardStateStore;
import io.jrestate.metadata.raft.internal.storage.MemoryRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.MemorySnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A deterministic simulation of a metadata server group: one thread, one seed, N real {@link RaftNode}s (real
 * core, shell and state machine) over simulated disks ({@link MemoryRaftLogStorage} losing unsynced writes on a
 * crash, fsync failures through the stores' fault hooks) and a simulated network (loss, exponential delay and so
 * reordering, duplication, symmetric and one-way partitions), with crashes and restarts, membership changes and
 * leadership transfers. Events run in (time, sequence) order from a priority queue; every random draw comes from
 * a stream split off the seed per component, so a seed replays exactly (checked with a rolling trace hash).
 *
 * <p>Two phases: a safety phase with faults, then everything heals and the group must converge and serve writes
 * again within a bound. Invariants run after every event ({@link SafetyChecker}); histories are checked at the
 * end ({@link CasChainChecker}, {@link LinearizabilityChecker}).
 */
public final class Simulator {
    private static final long MS = 1_000_000L;
    private static final long TICK_NS = 100 * MS;
    private static final long CHAOS_STEP_NS = 500 * MS;
    private static final long CLIENTS_RUN_AFTER_HEAL_NS = 10_000 * MS;
    private static final long CONVERGENCE_DEADLINE_NS = 40_000 * MS;
    private static final int REGISTER_OPS_PER_KEY = 150;
    private static final int REGISTER_UNKNOWNS_PER_KEY = 6;
    private static final long EVENTS_MAX = 20_000_000L;

    private record Event(long timeNs, long seq, String kind, Runnable action) {
    }

    /** One simulated process: its disk survives crashes, its node does not. */
    private final class Slot implements SafetyChecker.DurableView {
        final long id;
        final MemoryRaftLogStorage log = new MemoryRaftLogStorage();
        final MemoryHardStateStore hardState = new MemoryHardStateStore();
        final MemorySnapshotStore snapshots = new MemorySnapshotStore();
        RaftNode node;
        int incarnation;
        boolean fsyncFailureArmed;
        String lastFailure;
        long pausedUntilNs;
        final List<Runnable> inbox = new ArrayList<>();
        boolean drainScheduled;

        Slot(final long id) {
            this.id = id;
            log.setFaults(this::maybeFailSync);
            hardState.setFaults(this::maybeFailSync);
            snapshots.setFaults(this::maybeFailSync);
        }

        private void maybeFailSync(final String what) throws IOException {
            if (fsyncFailureArmed) {
                fsyncFailureArmed = false;
                stats.inc("faults.fsyncError");
                throw new IOException("injected fsync failure in " + what + " on node " + id);
            }
        }

        @Override
        public HardState hardState() {
            return hardState.load();
        }

        @Override
        public long durableLastIndex() {
            return log.durableLastIndex();
        }

        @Override
        public long durableTermAt(final long index) {
            return log.durableTermAt(index);
        }

        @Override
        public long durableSnapshotIndex() {
            return snapshots.load() == null ? 0 : snapshots.load().index();
        }
    }

    private final long seed;
    private final SimOptions options;
    private final SplittableRandom rootRandom;
    private final RandomGenerator netRandom;
    private final RandomGenerator chaosRandom;
    private final RandomGenerator diskRandom;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.timeNs != b.timeNs
        ? Long.compare(a.timeNs, b.timeNs) : Long.compare(a.seq, b.seq));
    private final List<Slot> slots = new ArrayList<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final SafetyChecker checker = new SafetyChecker();
    private final SimStats stats = new SimStats();
    private final Map<String, List<HistoryOp>> histories = new LinkedHashMap<>();
    private final boolean[][] blocked;
    private long nowNs;
    private long seq;
    private long traceHash = 1;
    private int registerGeneration;
    private int registerOpsInGeneration;
    private int registerUnknownsInGeneration;
    private boolean healed;
    private long healNs;
    private long firstSuccessAfterHealNs = -1;
    private boolean finished;

    /**
     * Prepares a run.
     *
     * @param seed the seed every random draw derives from
     * @param options the swarm options
     */
    public Simulator(final long seed, final SimOptions options) {
        this.seed = seed;
        this.options = options;
        this.rootRandom = new SplittableRandom(seed);
        this.netRandom = rootRandom.split();
        this.chaosRandom = rootRandom.split();
        this.diskRandom = rootRandom.split();
        this.blocked = new boolean[options.nodes() + 1][options.nodes() + 1];
    }

    /** The outcome of a run. */
    public record Result(long seed, SimOptions options, long traceHash, SimStats stats) {
    }

    /**
     * Runs the simulation to the end.
     *
     * @return the trace hash and counters
     * @throws AssertionError on any invariant or history violation, with the seed and options to replay it
     */
    public Result run() {
        try {
            setUp();
            loop();
            validateAtEnd();
        } catch (final AssertionError | RuntimeException | IOException e) {
            throw new AssertionError("simulation failed at " + nowNs / MS + " ms: " + e.getMessage()
                + "\n  replay: -Dsim.seed=" + seed + " -Dsim.options=" + options, e);
        }
        stats.inc("seeds");
        stats.add("simulatedMs", nowNs / MS);
        return new Result(seed, options, traceHash, stats);
    }

    private void setUp() throws IOException {
        final long[] voters = new long[options.initialVoters()];
        for (int i = 0; i < options.initialVoters(); i++) {
            voters[i] = i + 1;
        }
        for (int id = 1; id <= options.nodes(); id++) {
            final Slot slot = new Slot(id);
            slots.add(slot);
            if (id <= options.initialVoters()) {
                storage(slot).bootstrapIfEmpty(ConfState.ofVoters(voters), new MetadataStateMachine().snapshot());
            }
            start(slot);
        }
        for (int c = 1; c <= options.clients(); c++) {
            final SimClient client = new SimClient(c, this, rootRandom.split());
            clients.add(client);
            schedule(thinkTimeNs(), "client-start", client::startNext);
        }
        schedule(CHAOS_STEP_NS, "chaos", this::chaosStep);
        schedule(options.safetySeconds() * 1000L * MS, "heal", this::heal);
    }

    private RaftStorage storage(final Slot slot) {
        return new RaftStorage(slot.hardState, slot.snapshots, slot.log);
    }

    private void start(final Slot slot) throws IOException {
        slot.incarnation++;
        final RaftConfig config = new RaftConfig(slot.id, 10, 2, 8, 16, 4096, true, true);
        final RaftNode.Options nodeOptions = new RaftNode.Options(config, options.snapshotThreshold(), 256);
        final SplittableRandom coreRandom = rootRandom.split();
        slot.node = RaftNode.open(nodeOptions, storage(slot), m -> sendPeerMessage(slot, m), coreRandom,
            observer(slot));
        final int incarnation = slot.incarnation;
        schedule(1 + (long) (netRandom.nextDouble() * TICK_NS), "tick", () -> tickLoop(slot, incarnation));
    }

    private RaftObserver observer(final Slot slot) {
        return new RaftObserver() {
            @Override
            public void onPersisted(final long node, final io.jrestate.metadata.raft.core.Ready ready) {
                checker.onPersisted(node, ready);
            }

            @Override
            public void onSend(final Message message) {
                checker.onSend(message, slot);
            }

            @Override
            public void onApplied(final long node, final long term,
                                  final List<io.jrestate.metadata.raft.core.Entry> entries) {
                checker.onApplied(node, term, entries);
            }
        };
    }

    private void tickLoop(final Slot slot, final int incarnation) {
        if (slot.node == null || slot.incarnation != incarnation) {
            return;
        }
        if (slot.pausedUntilNs > nowNs) {
            // A paused process misses its ticks; it resumes with the next one after the pause.
            schedule(slot.pausedUntilNs - nowNs + TICK_NS, "tick", () -> tickLoop(slot, incarnation));
            return;
        }
        slot.node.tick();
        afterNodeCall(slot);
        schedule(TICK_NS, "tick", () -> tickLoop(slot, incarnation));
    }

    // ------------------------------------------------------------------ event loop

    void schedule(final long delayNs, final String kind, final Runnable action) {
        queue.add(new Event(nowNs + delayNs, seq++, kind, action));
    }

    private void loop() {
        long events = 0;
        while (!finished && !queue.isEmpty()) {
            if (++events > EVENTS_MAX) {
                throw new AssertionError("event budget of " + EVENTS_MAX + " exhausted");
            }
            final Event event = queue.poll();
            nowNs = event.timeNs;
            traceHash = traceHash * 1_000_003L + event.timeNs * 31 + event.kind.hashCode();
            event.action.run();
            checkInvariants();
        }
        stats.add("events", events);
        if (!finished) {
            throw new AssertionError("event queue drained before convergence");
        }
    }

    private void checkInvariants() {
        for (final Slot slot : slots) {
            if (slot.node != null) {
                checker.afterEvent(slot.node.core(), slot.incarnation);
            }
        }
    }

    private void afterNodeCall(final Slot slot) {
        if (slot.node != null && slot.node.isFailed()) {
            stats.inc("crashes.afterFsyncError");
            slot.lastFailure = slot.node.failure().getMessage();
            crash(slot);
        }
    }

    long nowNs() {
        return nowNs;
    }

    int nodeCount() {
        return options.nodes();
    }

    // ------------------------------------------------------------------ network

    private long delayNs() {
        final double u = netRandom.nextDouble();
        return 1 + (long) (-Math.log(1 - u) * options.delayMeanMs() * MS);
    }

    private void sendPeerMessage(final Slot from, final Message m) {
        stats.inc("messages.sent");
        traceHash = traceHash * 31 + m.type().ordinal() * 7919L + m.from() * 131 + m.to() * 17 + m.term()
            + m.index() * 3 + m.entries().size();
        if (blocked[(int) m.from()][(int) m.to()]) {
            stats.inc("messages.partitioned");
            return;
        }
        if (netRandom.nextInt(100) < options.lossPercent() && !healed) {
            stats.inc("faults.messageDropped");
            return;
        }
        deliverLater(m, delayNs());
        if (!healed && netRandom.nextInt(100) < options.duplicatePercent()) {
            stats.inc("faults.messageDuplicated");
            deliverLater(m, delayNs());
        }
    }

    private void deliverLater(final Message m, final long delayNs) {
        schedule(delayNs, "deliver", () -> {
            final Slot target = slots.get((int) m.to() - 1);
            if (target.node != null && !blocked[(int) m.from()][(int) m.to()]) {
                arrive(target, () -> target.node.receive(m));
            }
        });
    }

    /**
     * An input reaches a node: deferred while the node is paused; run at once, or queued in the node's inbox
     * and drained in one batch shortly after (the production runner's group commit), depending on the options.
     */
    private void arrive(final Slot slot, final Runnable work) {
        if (slot.node == null) {
            return;
        }
        if (slot.pausedUntilNs > nowNs) {
            schedule(slot.pausedUntilNs - nowNs, "paused-arrival", () -> arrive(slot, work));
            return;
        }
        if (!options.batchedInbox()) {
            work.run();
            afterNodeCall(slot);
            return;
        }
        slot.inbox.add(work);
        if (!slot.drainScheduled) {
            slot.drainScheduled = true;
            // The window grows with the network delay so that inputs from different leaders can share a batch.
            final int windowNs = (int) Math.max(2 * MS, options.delayMeanMs() * MS / 2);
            schedule(1 + netRandom.nextInt(windowNs), "drain", () -> drain(slot));
        }
    }

    private void drain(final Slot slot) {
        slot.drainScheduled = false;
        if (slot.node == null) {
            slot.inbox.clear();
            return;
        }
        final List<Runnable> work = List.copyOf(slot.inbox);
        slot.inbox.clear();
        stats.inc("batches");
        slot.node.batch(() -> work.forEach(Runnable::run));
        afterNodeCall(slot);
    }

    void sendClientRequest(final int clientId, final long nodeId, final MetadataRequest request,
                           final Consumer<MetadataResponse> reply) {
        stats.inc("client.attempts");
        if (!healed && netRandom.nextInt(100) < options.lossPercent() / 2) {
            stats.inc("faults.clientMessageDropped");
            return;
        }
        schedule(delayNs(), "client-request", () -> {
            final Slot slot = slots.get((int) nodeId - 1);
            arrive(slot, () -> slot.node.submit(request, response -> {
                if (healed || netRandom.nextInt(100) >= options.lossPercent() / 2) {
                    schedule(delayNs(), "client-response", () -> reply.accept(response));
                }
            }));
        });
    }

    // ------------------------------------------------------------------ clients and histories

    String registerKey() {
        return "reg-" + registerGeneration;
    }

    void record(final String key, final HistoryOp op) {
        histories.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        stats.inc("ops." + op.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (healed && op.outcome() != HistoryOp.Outcome.UNKNOWN && op.kind() != HistoryOp.Kind.GET
            && firstSuccessAfterHealNs < 0) {
            firstSuccessAfterHealNs = nowNs;
        }
        if (!key.equals(SimClient.CHAIN_KEY) && key.equals(registerKey())) {
            registerOpsInGeneration++;
            if (op.outcome() == HistoryOp.Outcome.UNKNOWN) {
                registerUnknownsInGeneration++;
            }
            // Each unknown write doubles the checker's search space: keep both counts per key small.
            if (registerOpsInGeneration >= REGISTER_OPS_PER_KEY
                || registerUnknownsInGeneration >= REGISTER_UNKNOWNS_PER_KEY) {
                registerGeneration++;
                registerOpsInGeneration = 0;
                registerUnknownsInGeneration = 0;
            }
        }
    }

    void clientDone(final SimClient client) {
        schedule(thinkTimeNs(), "client-next", client::startNext);
    }

    private long thinkTimeNs() {
        return 1 + (long) (-Math.log(1 - netRandom.nextDouble()) * 20 * MS);
    }

    // ------------------------------------------------------------------ faults

    private void chaosStep() {
        if (healed) {
            return;
        }
        schedule(CHAOS_STEP_NS, "chaos", this::chaosStep);
        final Slot victim = slots.get(chaosRandom.nextInt(slots.size()));
        if (victim.node != null && chaosRandom.nextInt(1000) < options.crashPerMille()) {
            stats.inc("faults.crash");
            crash(victim);
        }
        if (victim.node != null && chaosRandom.nextInt(1000) < options.fsyncErrorPerMille()) {
            victim.fsyncFailureArmed = true;
        }
        if (victim.node != null && chaosRandom.nextInt(1000) < options.pausePerMille()) {
            stats.inc("faults.pause");
            victim.pausedUntilNs = nowNs + (200 + chaosRandom.nextInt(2800)) * MS;
        }
        if (options.partitionMode() > 0 && chaosRandom.nextInt(100) < 8) {
            changePartitions();
        }
        final Slot leader = leaderSlot();
        if (leader != null && options.membership() && chaosRandom.nextInt(100) < 10) {
            changeMembership(leader);
        }
        // The membership change may have crashed the leader (an injected fsync failure).
        if (leader != null && leader.node != null && options.transfers() && chaosRandom.nextInt(100) < 5) {
            final List<Long> voters = List.copyOf(leader.node.core().conf().voters());
            final long target = voters.get(chaosRandom.nextInt(voters.size()));
            if (target != leader.id && leader.node.transferLeadership(target)) {
                stats.inc("faults.leadershipTransfer");
            }
            afterNodeCall(leader);
        }
    }

    private void crash(final Slot slot) {
        slot.node = null;
        slot.fsyncFailureArmed = false;
        slot.pausedUntilNs = 0;
        slot.inbox.clear();
        final int lost = slot.log.crash(diskRandom);
        stats.add("faults.unsyncedOpsLost", lost);
        final long downNs = (300 + chaosRandom.nextInt(4000)) * MS;
        schedule(downNs, "restart", () -> restart(slot));
    }

    private void restart(final Slot slot) {
        if (slot.node != null) {
            return;
        }
        try {
            start(slot);
            stats.inc("restarts");
        } catch (final IOException e) {
            throw new AssertionError("node " + slot.id + " failed to recover its storage: " + e, e);
        }
        afterNodeCall(slot);
    }

    private void changePartitions() {
        clearPartitions();
        if (chaosRandom.nextInt(100) < 40) {
            return;
        }
        stats.inc("faults.partition");
        final int n = options.nodes();
        final boolean[] sideA = new boolean[n + 1];
        if (options.partitionMode() == 1) {
            sideA[1 + chaosRandom.nextInt(n)] = true;
        } else {
            for (int i = 1; i <= n; i++) {
                sideA[i] = chaosRandom.nextBoolean();
            }
        }
        for (int a = 1; a <= n; a++) {
            for (int b = 1; b <= n; b++) {
                if (sideA[a] && !sideA[b]) {
                    blocked[a][b] = true;
                    blocked[b][a] = !options.oneWayPartitions();
                }
            }
        }
    }

    private void clearPartitions() {
        for (final boolean[] row : blocked) {
            java.util.Arrays.fill(row, false);
        }
    }

    private Slot leaderSlot() {
        Slot best = null;
        for (final Slot slot : slots) {
            if (slot.node != null && slot.node.core().role() == StateRole.LEADER
                && (best == null || slot.node.core().term() > best.node.core().term())) {
                best = slot;
            }
        }
        return best;
    }

    private void changeMembership(final Slot leader) {
        final RaftCore core = leader.node.core();
        final ConfState conf = core.conf();
        final long candidate = 1 + chaosRandom.nextInt(options.nodes());
        final ConfChange change;
        if (conf.learners().contains(candidate)) {
            if (!core.isCaughtUp(candidate)) {
                return;
            }
            change = new ConfChange(ConfChange.Kind.ADD_VOTER, candidate);
        } else if (!conf.isMember(candidate)) {
            change = new ConfChange(ConfChange.Kind.ADD_LEARNER, candidate);
        } else if (conf.voters().size() > 1 && chaosRandom.nextInt(100) < 40) {
            change = new ConfChange(ConfChange.Kind.REMOVE, candidate);
        } else {
            return;
        }
        if (leader.node.proposeConfChange(change) > 0) {
            stats.inc("faults.membership." + change.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        afterNodeCall(leader);
    }

    // ------------------------------------------------------------------ liveness phase

    private void heal() {
        healed = true;
        healNs = nowNs;
        clearPartitions();
        for (final Slot slot : slots) {
            slot.fsyncFailureArmed = false;
            slot.pausedUntilNs = 0;
            if (slot.node == null) {
                restart(slot);
            }
        }
        schedule(CLIENTS_RUN_AFTER_HEAL_NS, "clients-stop", () -> clients.forEach(SimClient::stop));
        schedule(1000 * MS, "convergence-check", this::convergenceCheck);
    }

    private void convergenceCheck() {
        if (nowNs - healNs > CONVERGENCE_DEADLINE_NS) {
            throw new AssertionError("no convergence within " + CONVERGENCE_DEADLINE_NS / MS
                + " ms after healing: " + describeNodes());
        }
        schedule(1000 * MS, "convergence-check", this::convergenceCheck);
        if (nowNs - healNs < CLIENTS_RUN_AFTER_HEAL_NS || !clients.stream().allMatch(SimClient::idle)) {
            return;
        }
        if (firstSuccessAfterHealNs < 0) {
            throw new AssertionError("no write succeeded within " + CLIENTS_RUN_AFTER_HEAL_NS / MS
                + " ms after healing: " + describeNodes());
        }
        final Slot leader = leaderSlot();
        if (leader == null) {
            return;
        }
        final RaftCore lc = leader.node.core();
        for (final Slot slot : slots) {
            final boolean member = lc.conf().isMember(slot.id);
            if (member && (slot.node == null || slot.node.core().applied() != lc.lastIndex()
                || lc.committed() != lc.lastIndex())) {
                return;
            }
        }
        finished = true;
        stats.sample("recoveryMsAfterHeal", (firstSuccessAfterHealNs - healNs) / MS);
        stats.max("recoveryMsAfterHeal.max", (firstSuccessAfterHealNs - healNs) / MS);
    }

    private String describeNodes() {
        final StringBuilder sb = new StringBuilder();
        for (final Slot slot : slots) {
            if (slot.node == null) {
                sb.append("\n    node ").append(slot.id).append(": down (incarnation ").append(slot.incarnation)
                    .append(", last failure: ").append(slot.lastFailure).append(')');
                continue;
            }
            final RaftCore c = slot.node.core();
            sb.append("\n    node ").append(slot.id).append(": ").append(c.role()).append(" term ").append(c.term())
                .append(" leader ").append(c.leaderId()).append(" last ").append(c.lastIndex()).append(" commit ")
                .append(c.committed()).append(" applied ").append(c.applied()).append(" voters ")
                .append(c.conf().voters()).append(" learners ").append(c.conf().learners());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ end validation

    private void validateAtEnd() {
        final Slot leader = leaderSlot();
        final MetadataStateMachine leaderState = leader.node.stateMachine();
        final byte[] leaderImage = leaderState.snapshot();
        for (final Slot slot : slots) {
            if (slot.node == null) {
                continue;
            }
            checker.validateCommittedPrefix(slot.node.core());
            if (leader.node.core().conf().isMember(slot.id)
                && !java.util.Arrays.equals(slot.node.stateMachine().snapshot(), leaderImage)) {
                throw new AssertionError("state machines differ between leader " + leader.id + " and node "
                    + slot.id + " at applied index " + slot.node.core().applied());
            }
        }
        final long okOps = stats.get("ops.ok");
        if (okOps == 0) {
            throw new AssertionError("no operation succeeded in the whole run");
        }
        validateHistories(leaderState);
        stats.add("committedEntries", checker.committedCount());
        stats.add("leaderTerms", checker.leaderTerms());
    }

    private void validateHistories(final MetadataStateMachine leaderState) {
        final var chainValue = leaderState.get(SimClient.CHAIN_KEY);
        final String chainError = CasChainChecker.check(histories.getOrDefault(SimClient.CHAIN_KEY, List.of()),
            chainValue == null ? 0 : chainValue.version());
        if (chainError != null) {
            throw new AssertionError("CAS chain violated: " + chainError);
        }
        for (final Map.Entry<String, List<HistoryOp>> e : histories.entrySet()) {
            if (e.getKey().equals(SimClient.CHAIN_KEY)) {
                continue;
            }
            final LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(e.getValue());
            stats.inc("linearizability." + verdict.name().toLowerCase(java.util.Locale.ROOT));
            if (verdict == LinearizabilityChecker.Verdict.VIOLATION) {
                final StringBuilder sb = new StringBuilder("history of key " + e.getKey()
                    + " is not linearizable:");
                e.getValue().forEach(op -> sb.append("\n    ").append(op));
                throw new AssertionError(sb.toString());
            }
        }
    }
}
