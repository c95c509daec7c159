package io.jrestate.metadata.raft.core;

/** The messages Raft nodes exchange. */
public enum MessageType {
    /** Pre-vote request for term + 1 (thesis §9.6); does not change the receiver's term. */
    PRE_VOTE,
    /** Answer to a pre-vote. */
    PRE_VOTE_RESP,
    /** RequestVote (§5.2). */
    VOTE,
    /** Answer to RequestVote. */
    VOTE_RESP,
    /** AppendEntries carrying entries (§5.3). */
    APPEND,
    /** Answer to AppendEntries, or to an installed snapshot. */
    APPEND_RESP,
    /** Empty AppendEntries that keeps leadership and confirms ReadIndex rounds. */
    HEARTBEAT,
    /** Answer to a heartbeat. */
    HEARTBEAT_RESP,
    /** InstallSnapshot (§7). */
    SNAPSHOT,
    /** Tells the leadership transfer target to campaign at once (thesis §3.10). */
    TIMEOUT_NOW,
    /** A follower forwards a ReadIndex request to the leader. */
    READ_INDEX,
    /** The leader's answer to a forwarded ReadIndex request. */
    READ_INDEX_RESP
}
