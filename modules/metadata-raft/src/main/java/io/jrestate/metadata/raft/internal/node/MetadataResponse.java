package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.VersionedValue;

/** A metadata server node's answer to a {@link MetadataRequest}. */
public sealed interface MetadataResponse {
    /**
     * Success.
     *
     * @param value for Get, the value or null when absent; null otherwise
     * @param version for Put the new version; for GetVersion the version (0 when absent); 0 otherwise
     */
    record Ok(VersionedValue value, long version) implements MetadataResponse {
    }

    /**
     * The precondition did not hold; nothing changed.
     *
     * @param currentVersion the key's version at apply time, 0 when absent
     */
    record PreconditionFailed(long currentVersion) implements MetadataResponse {
    }

    /**
     * This node is not the leader; the request had no effect. Retry at the hinted node.
     *
     * @param leaderHint the leader this node knows of, or 0
     */
    record NotLeader(long leaderHint) implements MetadataResponse {
    }

    /**
     * The node is overloaded or stopping; the request had no effect.
     *
     * @param reason why
     */
    record Busy(String reason) implements MetadataResponse {
    }

    /**
     * A write was proposed but leadership was lost before it committed: it may or may not apply.
     *
     * @param reason why
     */
    record OutcomeUnknown(String reason) implements MetadataResponse {
    }
}
