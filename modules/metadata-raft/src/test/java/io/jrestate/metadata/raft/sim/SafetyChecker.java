package io.jrestate.metadata.raft.sim;

import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.MessageType;
import io.jrestate.metadata.raft.core.RaftCore;
import io.jrestate.metadata.raft.core.Ready;
import io.jrestate.metadata.raft.core.StateRole;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Raft safety invariants, checked after every simulated event (Kafka's "invariants") and at the end
 * ("validations"):
 *
 * <ul>
 *   <li>at most one leader per term (Raft §5.2, Election Safety);</li>
 *   <li>a node's term and commit index never go back while it runs;</li>
 *   <li>the term and vote a message depends on are durable before it leaves (§5.1), and an acknowledged entry
 *       is durable before its acknowledgement leaves;</li>
 *   <li>log matching: one (index, term) pair names one entry everywhere (§5.3, Log Matching);</li>
 *   <li>state machine safety: every node applies the same entry at each index (§5.4.3);</li>
 *   <li>leader completeness: a new leader holds every entry committed before (§5.4).</li>
 * </ul>
 *
 * Violations throw {@link AssertionError} with the node, term and index involved.
 */
final class SafetyChecker {
    private record IndexTerm(long index, long term) {
    }

    /**
     * An applied entry: its term and content, and the lowest term any node had when applying it, an upper bound
     * of the term in which it was committed (the committing leader applies it in its own term).
     */
    private record Committed(long term, int hash, long appliedInTerm) {
        boolean sameEntry(final Committed other) {
            return term == other.term && hash == other.hash;
        }
    }

    private record NodeView(int incarnation, long term, long commit, StateRole role) {
    }

    private final Map<Long, Long> leaderByTerm = new HashMap<>();
    private final Map<IndexTerm, Integer> entryHashes = new HashMap<>();
    private final TreeMap<Long, Committed> committed = new TreeMap<>();
    private final Map<Long, NodeView> views = new HashMap<>();

    /** Durable state of a node as the simulated disk holds it. */
    interface DurableView {
        HardState hardState();

        long durableLastIndex();

        long durableSnapshotIndex();

        long durableTermAt(long index);
    }

    void onPersisted(final long node, final Ready ready) {
        for (final Entry entry : ready.entries()) {
            final Integer previous = entryHashes.putIfAbsent(new IndexTerm(entry.index(), entry.term()),
                hash(entry));
            if (previous != null && previous != hash(entry)) {
                throw new AssertionError("log matching violated: node " + node + " stored a different entry at "
                    + entry.index() + "@" + entry.term());
            }
        }
    }

    void onSend(final Message m, final DurableView durable) {
        final HardState hs = durable.hardState();
        final boolean futureTerm = m.type() == MessageType.PRE_VOTE
            || m.type() == MessageType.PRE_VOTE_RESP && !m.reject();
        if (!futureTerm && m.term() > hs.term()) {
            throw new AssertionError("node " + m.from() + " sent " + m + " before persisting term " + m.term()
                + " (durable " + hs + ")");
        }
        // A durable later term also keeps the vote safe: the node can never vote in m.term() again.
        if (m.type() == MessageType.VOTE_RESP && !m.reject()
            && !(hs.term() > m.term() || hs.term() == m.term() && hs.votedFor() == m.to())) {
            throw new AssertionError("node " + m.from() + " granted a vote to " + m.to() + " in term " + m.term()
                + " before persisting it (durable " + hs + ")");
        }
        if (m.type() == MessageType.APPEND_RESP && !m.reject() && m.index() > 0
            && m.index() > Math.max(durable.durableLastIndex(), durable.durableSnapshotIndex())) {
            throw new AssertionError("node " + m.from() + " acknowledged index " + m.index()
                + " but only " + durable.durableLastIndex() + " is durable");
        }
        // The entries a leader of term T gets acknowledged have terms <= T; a durable entry of a later term at
        // that index means the acknowledgement promises entries the node no longer stores.
        if (m.type() == MessageType.APPEND_RESP && !m.reject() && m.index() > durable.durableSnapshotIndex()
            && durable.durableTermAt(m.index()) > m.term()) {
            throw new AssertionError("node " + m.from() + " acknowledged index " + m.index() + " to the leader of term "
                + m.term() + " but stores an entry of term " + durable.durableTermAt(m.index()) + " there");
        }
    }

    void onApplied(final long node, final long nodeTerm, final List<Entry> entries) {
        for (final Entry entry : entries) {
            final Committed mine = new Committed(entry.term(), hash(entry), nodeTerm);
            final Committed known = committed.putIfAbsent(entry.index(), mine);
            if (known != null && known.sameEntry(mine) && nodeTerm < known.appliedInTerm()) {
                committed.put(entry.index(), mine);
            }
            if (known != null && !known.sameEntry(mine)) {
                throw new AssertionError("state machine safety violated: node " + node + " applied "
                    + entry.index() + "@" + entry.term() + " but " + entry.index() + "@" + known.term()
                    + " was applied elsewhere");
            }
        }
    }

    /** Checks one running node after an event. */
    void afterEvent(final RaftCore core, final int incarnation) {
        final long id = core.id();
        if (core.role() == StateRole.LEADER) {
            final Long other = leaderByTerm.putIfAbsent(core.term(), id);
            if (other != null && other != id) {
                throw new AssertionError("two leaders in term " + core.term() + ": nodes " + other + " and " + id);
            }
        }
        final NodeView before = views.get(id);
        if (before != null && before.incarnation() == incarnation) {
            if (core.term() < before.term()) {
                throw new AssertionError("node " + id + " term went back from " + before.term() + " to " + core.term());
            }
            if (core.committed() < before.commit()) {
                throw new AssertionError("node " + id + " commit went back from " + before.commit() + " to "
                    + core.committed());
            }
        }
        final boolean newLeader = core.role() == StateRole.LEADER
            && (before == null || before.role() != StateRole.LEADER || before.term() != core.term()
            || before.incarnation() != incarnation);
        if (newLeader) {
            checkLeaderCompleteness(core);
        }
        if (before == null || before.incarnation() != incarnation || before.term() != core.term()
            || before.commit() != core.committed() || before.role() != core.role()) {
            views.put(id, new NodeView(incarnation, core.term(), core.committed(), core.role()));
        }
    }

    /**
     * Raft §5.4 leader completeness: an entry committed in term T is in the log of every leader of a term above
     * T. A leader of an older term (a node that was paused, say, and wins a stale election) need not hold it.
     */
    private void checkLeaderCompleteness(final RaftCore core) {
        for (final var e : committed.tailMap(core.snapshot().index(), false).entrySet()) {
            final Committed entry = e.getValue();
            if (entry.appliedInTerm() < core.term() && core.termAt(e.getKey()) != entry.term()) {
                throw new AssertionError("leader completeness violated: node " + core.id() + " leads term "
                    + core.term() + " with " + e.getKey() + "@" + core.termAt(e.getKey()) + " (last index "
                    + core.lastIndex() + ") but " + e.getKey() + "@" + entry.term() + " was committed by term "
                    + entry.appliedInTerm());
            }
        }
    }

    /** End validation: every node's committed entries agree with what was applied anywhere. */
    void validateCommittedPrefix(final RaftCore core) {
        final long from = core.snapshot().index() + 1;
        for (final Entry entry : core.entries(from, core.committed())) {
            final Committed known = committed.get(entry.index());
            if (known != null && (known.term() != entry.term() || known.hash() != hash(entry))) {
                throw new AssertionError("committed prefixes differ: node " + core.id() + " has " + entry.index()
                    + "@" + entry.term() + ", applied elsewhere " + entry.index() + "@" + known.term());
            }
        }
    }

    /** @return how many distinct committed entries were seen */
    int committedCount() {
        return committed.size();
    }

    /** @return terms that had a leader */
    int leaderTerms() {
        return leaderByTerm.size();
    }

    private static int hash(final Entry entry) {
        return (entry.type().ordinal() * 31 + Arrays.hashCode(entry.data())) * 31 + Long.hashCode(entry.term());
    }
}
