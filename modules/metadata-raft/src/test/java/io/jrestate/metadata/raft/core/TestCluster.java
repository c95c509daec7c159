package io.jrestate.metadata.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A hand-driven group of cores for paper tests: each node's storage is a plain list, messages wait in one queue
 * until a test delivers them, and links can be cut. The harness follows the {@link Ready} contract exactly
 * (persist, then send, then apply, then advance) so tests see what a real host would do.
 */
final class TestCluster {
    /** One node's "disk" and applied entries. */
    static final class Node {
        RaftCore core;
        HardState hardState = HardState.EMPTY;
        Snapshot snapshot;
        final List<Entry> log = new ArrayList<>();
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> readStates = new ArrayList<>();
        final List<Ready> readies = new ArrayList<>();
    }

    final Map<Long, Node> nodes = new TreeMap<>();
    final ArrayDeque<Message> queue = new ArrayDeque<>();
    private final Set<String> cut = new HashSet<>();
    private final SplittableRandom random;

    private TestCluster(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A group whose voters are all bootstrapped with the same initial snapshot. */
    static TestCluster of(final long... voters) {
        final TestCluster cluster = new TestCluster(42);
        for (final long id : voters) {
            final Node node = new Node();
            node.snapshot = new Snapshot(1, 1, ConfState.ofVoters(voters), new byte[0]);
            node.hardState = new HardState(1, RaftCore.NONE);
            cluster.nodes.put(id, node);
            cluster.restart(id);
        }
        return cluster;
    }

    /** Adds an empty node (not a member yet). */
    Node addEmptyNode(final long id) {
        final Node node = new Node();
        nodes.put(id, node);
        restart(id);
        return node;
    }

    static RaftConfig config(final long id) {
        return new RaftConfig(id, 10, 2, 4, 8, 4096, true, true);
    }

    /** Rebuilds a node's core from its durable state (a crash and restart). */
    void restart(final long id) {
        final Node node = nodes.get(id);
        node.core = new RaftCore(config(id), node.hardState, node.snapshot, List.copyOf(node.log), random.split());
        node.applied.clear();
    }

    RaftCore core(final long id) {
        return nodes.get(id).core;
    }

    Node node(final long id) {
        return nodes.get(id);
    }

    void cut(final long a, final long b) {
        cut.add(a + "-" + b);
        cut.add(b + "-" + a);
    }

    void isolate(final long id) {
        for (final long other : nodes.keySet()) {
            if (other != id) {
                cut(id, other);
            }
        }
    }

    void heal() {
        cut.clear();
    }

    /** Runs every node's Ready loop once: persist, queue messages, apply, advance. */
    void processReadies() {
        for (final var e : nodes.entrySet()) {
            final Node node = e.getValue();
            while (node.core.hasReady()) {
                final Ready ready = node.core.ready();
                node.readies.add(ready);
                persist(node, ready);
                for (final Message m : ready.messages()) {
                    if (!cut.contains(m.from() + "-" + m.to()) && nodes.containsKey(m.to())) {
                        queue.add(m);
                    }
                }
                node.applied.addAll(ready.committedEntries());
                node.readStates.addAll(ready.readStates());
                node.core.advance(ready);
            }
        }
    }

    private static void persist(final Node node, final Ready ready) {
        if (ready.hardState() != null) {
            node.hardState = ready.hardState();
        }
        if (ready.snapshot() != null) {
            node.snapshot = ready.snapshot();
            node.log.clear();
        }
        if (!ready.entries().isEmpty()) {
            final long first = ready.entries().getFirst().index();
            node.log.removeIf(entry -> entry.index() >= first);
            node.log.addAll(ready.entries());
        }
    }

    /** Processes readies and delivers queued messages until nothing moves (bounded). */
    void stabilize() {
        for (int round = 0; round < 10_000; round++) {
            processReadies();
            if (queue.isEmpty()) {
                return;
            }
            deliverAll();
        }
        throw new AssertionError("cluster did not stabilize");
    }

    /** Delivers every queued message once (new ones wait for the next call). */
    void deliverAll() {
        final List<Message> batch = new ArrayList<>(queue);
        queue.clear();
        for (final Message m : batch) {
            if (!cut.contains(m.from() + "-" + m.to())) {
                nodes.get(m.to()).core.step(m);
            }
        }
    }

    /** Takes the queued messages without delivering them. */
    List<Message> drain() {
        processReadies();
        final List<Message> batch = new ArrayList<>(queue);
        queue.clear();
        return batch;
    }

    void tick(final long id, final int ticks) {
        for (int i = 0; i < ticks; i++) {
            nodes.get(id).core.tick();
            processReadies();
        }
    }

    /**
     * Lets the given nodes forget their leader lease (check-quorum) by ticking them one election timeout without
     * delivering anything, so that a test can elect another node.
     */
    void expireLease(final long... ids) {
        for (int i = 0; i < config(1).electionTicks(); i++) {
            for (final long id : ids) {
                nodes.get(id).core.tick();
            }
        }
        processReadies();
        queue.clear();
    }

    /** Ticks every node {@code ticks} times, stabilizing after each round. */
    void tickAll(final int ticks) {
        for (int i = 0; i < ticks; i++) {
            for (final Node node : nodes.values()) {
                node.core.tick();
            }
            stabilize();
        }
    }

    /** Campaigns on {@code id} and stabilizes; returns the cluster for chaining. */
    TestCluster elect(final long id) {
        core(id).campaign();
        stabilize();
        return this;
    }

    long propose(final long id, final String data) {
        final long index = core(id).propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stabilize();
        return index;
    }

    List<String> appliedData(final long id) {
        final List<String> out = new ArrayList<>();
        for (final Entry entry : nodes.get(id).applied) {
            if (entry.type() == EntryType.NORMAL) {
                out.add(new String(entry.data(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
