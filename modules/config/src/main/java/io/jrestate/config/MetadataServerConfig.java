package io.jrestate.config;

import java.time.Duration;

/**
 * {@code [metadata-server]}: the Raft group holding the cluster metadata.
 *
 * @param requestQueueLength pending requests before callers are pushed back
 * @param raftElectionTick ticks without a leader before an election
 * @param raftHeartbeatTick ticks between leader heartbeats
 * @param raftTickInterval the length of one tick
 * @param statusUpdateInterval how often the server publishes its status
 * @param logTrimThreshold applied entries kept before the Raft log is snapshotted and trimmed
 * @param autoJoin whether the server joins the metadata cluster by itself
 */
public record MetadataServerConfig(int requestQueueLength, int raftElectionTick, int raftHeartbeatTick,
        Duration raftTickInterval, Duration statusUpdateInterval, long logTrimThreshold, boolean autoJoin) {

    static MetadataServerConfig from(final ConfigValues v) {
        final String t = "metadata-server.";
        return new MetadataServerConfig(v.intNumber(t + "request-queue-length"), v.intNumber(t + "raft-election-tick"),
                v.intNumber(t + "raft-heartbeat-tick"), v.duration(t + "raft-tick-interval"),
                v.duration(t + "status-update-interval"), v.number(t + "log-trim-threshold"), v.flag(t + "auto-join"));
    }
}
