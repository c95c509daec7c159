package io.jrestate.perf.raft;

import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.RaftConfig;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Three real members (core, shell, state machine, memory storage) in one thread with an instant in-process
 * network, as in the simulator without faults: how many metadata writes per second the Raft code itself can
 * commit and apply when disk and network cost nothing, and how many messages each write costs. Run with
 * {@code --writes=N --window=W} (W writes outstanding at the leader).
 */
public final class ThreeMemberSimThroughput {
    private final List<RaftNode> nodes = new ArrayList<>();
    private final ArrayDeque<Message> network = new ArrayDeque<>();
    private long messages;
    private long acknowledged;

    private ThreeMemberSimThroughput() throws Exception {
        for (long id = 1; id <= 3; id++) {
            final RaftStorage storage = new RaftStorage(new MemoryHardStateStore(), new MemorySnapshotStore(),
                new MemoryRaftLogStorage());
            storage.bootstrapIfEmpty(ConfState.ofVoters(1, 2, 3), new MetadataStateMachine().snapshot());
            nodes.add(RaftNode.open(new RaftNode.Options(new RaftConfig(id, 10, 2, 16, 64, 1 << 20, true, true),
                1000, 1 << 20), storage, m -> {
                    messages++;
                    network.add(m);
                }, new SplittableRandom(id), RaftObserver.NONE));
        }
    }

    /**
     * Entry point.
     *
     * @param args {@code --writes=N --window=W}
     * @throws Exception when the run fails
     */
    public static void main(final String[] args) throws Exception {
        int writes = 200_000;
        int window = 64;
        for (final String arg : args) {
            final String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "writes" -> writes = Integer.parseInt(kv[1]);
                case "window" -> window = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument '" + arg
                    + "' (use --writes=N --window=W)");
            }
        }
        final ThreeMemberSimThroughput sim = new ThreeMemberSimThroughput();
        final RaftNode leader = sim.electLeader();
        sim.run(leader, writes / 5, window);
        sim.messages = 0;
        sim.acknowledged = 0;
        final long startNs = System.nanoTime();
        sim.run(leader, writes, window);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf(Locale.ROOT, "three members, window %d: %d writes in %.2f s = %.0f writes/s, "
            + "%.2f messages per write%n", window, writes, seconds, writes / seconds,
            (double) sim.messages / writes);
    }

    private RaftNode electLeader() {
        for (int round = 0; round < 1000; round++) {
            for (final RaftNode node : nodes) {
                node.tick();
                if (node.core().role() == StateRole.LEADER) {
                    deliverAll();
                    return node;
                }
            }
            deliverAll();
        }
        throw new IllegalStateException("no leader elected in 1000 rounds");
    }

    private void deliverAll() {
        Message m;
        while ((m = network.poll()) != null) {
            nodes.get((int) m.to() - 1).receive(m);
        }
    }

    private void run(final RaftNode leader, final int writes, final int window) {
        final byte[] value = new byte[256];
        int issued = 0;
        long rounds = 0;
        final long target = acknowledged + writes;
        while (acknowledged < target) {
            final int toIssue = (int) Math.min(window - (issued - (acknowledged - (target - writes))),
                writes - issued);
            final int first = issued;
            leader.batch(() -> {
                for (int i = first; i < first + toIssue; i++) {
                    leader.submit(new MetadataRequest.Put("k" + (i % 128), Precondition.none(),
                        "application/octet-stream", value), this::onResponse);
                }
            });
            issued += Math.max(0, toIssue);
            deliverAll();
            if (++rounds % 64 == 0) {
                nodes.forEach(RaftNode::tick);
            }
        }
    }

    private void onResponse(final MetadataResponse response) {
        if (!(response instanceof MetadataResponse.Ok)) {
            throw new IllegalStateException("write failed: " + response);
        }
        acknowledged++;
    }
}
