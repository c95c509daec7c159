package io.jrestate.metadata.raft.sim;

import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * One simulated client: issues one operation at a time against the metadata store, follows leader hints, retries
 * requests that had no effect (not leader, busy) and records every operation in the history. Half of its work is
 * the CAS chain (read the chain key, then put with {@code MatchesVersion}); the rest are random gets, puts and
 * deletes on a register key whose name rotates so each key's history stays short enough to check.
 */
final class SimClient {
    static final String CHAIN_KEY = "chain";
    private static final long ATTEMPT_TIMEOUT_NS = 2_000_000_000L;
    private static final long OP_DEADLINE_NS = 6_000_000_000L;
    private static final long RETRY_DELAY_NS = 20_000_000L;

    private final int clientId;
    private final Simulator sim;
    private final RandomGenerator random;
    private long targetNode;
    private long valueSeq;
    private long attemptSeq;
    private boolean stopped;

    private MetadataRequest request;
    private String historyKey;
    private long invokeNs;
    private long writtenValueId;
    private long currentAttempt;
    private long chainVersionSeen = -1;

    SimClient(final int clientId, final Simulator sim, final RandomGenerator random) {
        this.clientId = clientId;
        this.sim = sim;
        this.random = random;
    }

    void stop() {
        stopped = true;
    }

    boolean idle() {
        return request == null;
    }

    /** Starts the next operation (scheduled by the simulator after a think time). */
    void startNext() {
        if (stopped || request != null) {
            return;
        }
        writtenValueId = 0;
        if (random.nextInt(100) < 50) {
            nextChainOp();
        } else {
            nextRegisterOp();
        }
        invokeNs = sim.nowNs();
        sendAttempt();
    }

    private void nextChainOp() {
        historyKey = CHAIN_KEY;
        if (chainVersionSeen < 0) {
            request = new MetadataRequest.Get(CHAIN_KEY);
            return;
        }
        final Precondition pc = chainVersionSeen == 0 ? Precondition.doesNotExist()
            : Precondition.matchesVersion(chainVersionSeen);
        request = new MetadataRequest.Put(CHAIN_KEY, pc, "application/octet-stream", newValue());
    }

    private void nextRegisterOp() {
        historyKey = sim.registerKey();
        final int roll = random.nextInt(100);
        if (roll < 40) {
            request = new MetadataRequest.Get(historyKey);
        } else if (roll < 90) {
            final int pcRoll = random.nextInt(3);
            final Precondition pc = pcRoll == 0 ? Precondition.none() : pcRoll == 1 ? Precondition.doesNotExist()
                : Precondition.matchesVersion(1 + random.nextInt(4));
            request = new MetadataRequest.Put(historyKey, pc, "application/octet-stream", newValue());
        } else {
            request = new MetadataRequest.Delete(historyKey, random.nextBoolean() ? Precondition.none()
                : Precondition.matchesVersion(1 + random.nextInt(4)));
        }
    }

    private byte[] newValue() {
        writtenValueId = (long) clientId << 40 | ++valueSeq;
        return ByteBuffer.allocate(Long.BYTES).putLong(writtenValueId).array();
    }

    private void sendAttempt() {
        if (targetNode == 0) {
            targetNode = 1 + random.nextInt(sim.nodeCount());
        }
        final long attempt = ++attemptSeq;
        currentAttempt = attempt;
        sim.sendClientRequest(clientId, targetNode, request, response -> onResponse(attempt, response));
        sim.schedule(ATTEMPT_TIMEOUT_NS, "client-timeout", () -> onTimeout(attempt));
    }

    private void onTimeout(final long attempt) {
        if (attempt != currentAttempt || request == null) {
            return;
        }
        targetNode = 0;
        complete(HistoryOp.Outcome.UNKNOWN, 0, 0, Long.MAX_VALUE);
    }

    private void onResponse(final long attempt, final MetadataResponse response) {
        if (attempt != currentAttempt || request == null) {
            return;
        }
        currentAttempt = -1;
        switch (response) {
            case MetadataResponse.Ok ok -> onOk(ok);
            case MetadataResponse.PreconditionFailed pf ->
                complete(HistoryOp.Outcome.PRECONDITION_FAILED, pf.currentVersion(), 0, sim.nowNs());
            case MetadataResponse.OutcomeUnknown unknown ->
                complete(HistoryOp.Outcome.UNKNOWN, 0, 0, Long.MAX_VALUE);
            case MetadataResponse.NotLeader notLeader -> retry(notLeader.leaderHint());
            case MetadataResponse.Busy busy -> retry(0);
        }
    }

    private void onOk(final MetadataResponse.Ok ok) {
        if (request instanceof MetadataRequest.Get) {
            final VersionedValue value = ok.value();
            final long valueId = value == null ? 0 : ByteBuffer.wrap(value.value()).getLong();
            complete(HistoryOp.Outcome.OK, value == null ? 0 : value.version(), valueId, sim.nowNs());
        } else {
            complete(HistoryOp.Outcome.OK, ok.version(), 0, sim.nowNs());
        }
    }

    /** The request had no effect at that node: try again (at the hinted leader) until the op's deadline. */
    private void retry(final long leaderHint) {
        targetNode = leaderHint != 0 ? leaderHint : 1 + random.nextInt(sim.nodeCount());
        if (sim.nowNs() - invokeNs > OP_DEADLINE_NS) {
            // Every attempt so far was refused: nothing happened, so a read is dropped and a write is a no-op.
            request = null;
            sim.clientDone(this);
            return;
        }
        sim.schedule(RETRY_DELAY_NS, "client-retry", () -> {
            if (request != null && currentAttempt == -1) {
                sendAttempt();
            }
        });
    }

    private void complete(final HistoryOp.Outcome outcome, final long version, final long readValueId,
                          final long returnNs) {
        final HistoryOp op = switch (request) {
            case MetadataRequest.Get g -> new HistoryOp(clientId, HistoryOp.Kind.GET, null, 0, invokeNs, returnNs,
                outcome, version, readValueId);
            case MetadataRequest.Put p -> new HistoryOp(clientId, HistoryOp.Kind.PUT, p.precondition(),
                writtenValueId, invokeNs, returnNs, outcome, version, 0);
            case MetadataRequest.Delete d -> new HistoryOp(clientId, HistoryOp.Kind.DELETE, d.precondition(), 0,
                invokeNs, returnNs, outcome, version, 0);
            case MetadataRequest.GetVersion g -> throw new IllegalStateException("clients do not use GetVersion");
        };
        if (CHAIN_KEY.equals(historyKey)) {
            updateChainView(op);
        }
        request = null;
        currentAttempt = -1;
        if (!(op.kind() == HistoryOp.Kind.GET && outcome == HistoryOp.Outcome.UNKNOWN)) {
            sim.record(historyKey, op);
        }
        sim.clientDone(this);
    }

    private void updateChainView(final HistoryOp op) {
        if (op.kind() == HistoryOp.Kind.GET && op.outcome() == HistoryOp.Outcome.OK) {
            chainVersionSeen = op.version();
        } else if (op.kind() == HistoryOp.Kind.PUT && op.outcome() == HistoryOp.Outcome.OK) {
            chainVersionSeen = op.version();
        } else {
            chainVersionSeen = -1;
        }
    }
}
