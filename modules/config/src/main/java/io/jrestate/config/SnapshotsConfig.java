package io.jrestate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code [worker.snapshots]}: partition snapshots in an object store.
 *
 * @param destination where snapshots go, e.g. {@code s3://bucket/prefix}; empty: no snapshots
 * @param snapshotIntervalNumRecords take a snapshot after this many applied records, if set
 * @param snapshotInterval take a snapshot at this interval, if set
 * @param numRetained snapshots kept per partition
 * @param objectStoreRetryPolicy retries of object-store requests
 */
public record SnapshotsConfig(Optional<String> destination, Optional<Long> snapshotIntervalNumRecords,
        Optional<Duration> snapshotInterval, long numRetained, RetryPolicyConfig objectStoreRetryPolicy) {

    static SnapshotsConfig from(final ConfigValues v) {
        final String t = "worker.snapshots.";
        return new SnapshotsConfig(v.optional(t + "destination", String.class),
                v.optional(t + "snapshot-interval-num-records", Long.class),
                v.optional(t + "snapshot-interval", Duration.class), v.number(t + "num-retained"),
                RetryPolicyConfig.from(v, t + "object-store-retry-policy"));
    }
}
