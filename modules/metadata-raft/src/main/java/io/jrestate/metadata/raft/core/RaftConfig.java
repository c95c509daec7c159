package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;

/**
 * Tuning of one core. Defaults follow {@code [metadata-server]}: {@code raft-election-tick = 10},
 * {@code raft-heartbeat-tick = 2}.
 *
 * @param id this node's id, at least 1
 * @param electionTicks ticks without a leader before a follower starts an election (randomized up to twice that)
 * @param heartbeatTicks ticks between leader heartbeats, less than {@code electionTicks}
 * @param inflightMessagesMax append messages a leader may have outstanding to one follower in replicate state
 * @param entriesPerMessageMax entries one append message carries at most
 * @param uncommittedEntriesMax entries a leader accepts beyond its commit index before refusing proposals
 * @param checkQuorum whether a leader steps down when it has not heard from a quorum in an election timeout
 * @param preVote whether elections start with a pre-vote round
 */
public record RaftConfig(long id, int electionTicks, int heartbeatTicks, int inflightMessagesMax,
                         int entriesPerMessageMax, int uncommittedEntriesMax, boolean checkQuorum,
                         boolean preVote) {
    /** Checks the ranges. */
    public RaftConfig {
        Verify.argument(id >= 1, "raft node id must be >= 1, was " + id);
        Verify.argument(heartbeatTicks >= 1, "heartbeatTicks must be >= 1, was " + heartbeatTicks);
        Verify.argument(electionTicks > heartbeatTicks,
            "electionTicks (" + electionTicks + ") must exceed heartbeatTicks (" + heartbeatTicks + ")");
        Verify.argument(inflightMessagesMax >= 1, "inflightMessagesMax must be >= 1");
        Verify.argument(entriesPerMessageMax >= 1, "entriesPerMessageMax must be >= 1");
        Verify.argument(uncommittedEntriesMax >= 1, "uncommittedEntriesMax must be >= 1");
    }

    /**
     * The defaults for a node: election 10 ticks, heartbeat 2, 16 inflight, 64 entries per message, 4096
     * uncommitted entries, check-quorum and pre-vote on.
     *
     * @param id the node id
     * @return the config
     */
    public static RaftConfig defaults(final long id) {
        return new RaftConfig(id, 10, 2, 16, 64, 4096, true, true);
    }
}
