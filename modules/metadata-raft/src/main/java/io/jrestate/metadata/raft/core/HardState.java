package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;

/**
 * The part of a node's state that must be durable before any message that depends on it leaves the node
 * (Raft §5.1, Figure 2 "persistent state on all servers"): the current term and the vote cast in it.
 *
 * <p>The commit index is deliberately not part of it: it can always be re-learned from a leader, and keeping it
 * out means a follower needs no fsync when only the commit index moves.
 *
 * @param term the latest term the node has seen
 * @param votedFor the node voted for in {@code term}, or {@link RaftCore#NONE}
 */
public record HardState(long term, long votedFor) {
    /** The state of a node that has never seen a term. */
    public static final HardState EMPTY = new HardState(0, RaftCore.NONE);

    /** Checks the fields. */
    public HardState {
        Verify.argument(term >= 0, "term must be >= 0, was " + term);
        Verify.argument(votedFor >= 0, "votedFor must be a node id >= 0, was " + votedFor);
    }
}
