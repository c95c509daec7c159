package io.jrestate.metadata.raft.core;

/** The role a node plays in its current term (Raft §5.2, with the pre-vote phase of the thesis §9.6). */
public enum StateRole {
    /** Follows a leader, or waits for one. */
    FOLLOWER,
    /** Asks for pre-votes without raising its term, so a partitioned node cannot disrupt the group. */
    PRE_CANDIDATE,
    /** Raised its term and asks for votes. */
    CANDIDATE,
    /** Replicates the log and decides the commit index. */
    LEADER
}
