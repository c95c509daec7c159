package io.jrestate.metadata.raft;

import io.jrestate.common.Verify;
import java.time.Duration;

/**
 * Settings of a metadata server member, filled by the launcher from {@code [metadata-server]}.
 *
 * @param nodeId this member's plain node id (at least 1)
 * @param tickInterval {@code raft-tick-interval} (100 ms)
 * @param electionTicks {@code raft-election-tick} (10)
 * @param heartbeatTicks {@code raft-heartbeat-tick} (2)
 * @param logTrimThreshold {@code log-trim-threshold}: applied entries between snapshots (1000)
 * @param requestQueueLength {@code request-queue-length}: client requests queued at most (32)
 */
public record MetadataServerOptions(long nodeId, Duration tickInterval, int electionTicks, int heartbeatTicks,
                                    long logTrimThreshold, int requestQueueLength) {
    /** Checks the ranges. */
    public MetadataServerOptions {
        Verify.argument(nodeId >= 1, "metadata server node id must be >= 1, was " + nodeId);
        Verify.argument(tickInterval.isPositive(), "[metadata-server] raft-tick-interval must be > 0");
        Verify.argument(heartbeatTicks >= 1, "[metadata-server] raft-heartbeat-tick must be >= 1");
        Verify.argument(electionTicks > heartbeatTicks,
            "[metadata-server] raft-election-tick must exceed raft-heartbeat-tick");
        Verify.argument(logTrimThreshold >= 1, "[metadata-server] log-trim-threshold must be >= 1");
        Verify.argument(requestQueueLength >= 1, "[metadata-server] request-queue-length must be >= 1");
    }

    /**
     * The defaults of restate-server 1.7.12 for a node id.
     *
     * @param nodeId the node id
     * @return the options
     */
    public static MetadataServerOptions defaults(final long nodeId) {
        return new MetadataServerOptions(nodeId, Duration.ofMillis(100), 10, 2, 1000, 32);
    }
}
