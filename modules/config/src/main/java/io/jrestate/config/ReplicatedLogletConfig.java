package io.jrestate.config;

import io.jrestate.common.ByteSize;
import java.time.Duration;

/**
 * {@code [bifrost.replicated-loglet]}: the sequencer and its log-server RPCs.
 *
 * @param maximumInflightRecords records appended but not yet committed, at most
 * @param rpcTimeout timeout of log-server RPCs, growing from min to max on retries
 * @param storeTimeout timeout of a store wave, growing from min to max
 * @param sequencerInactivityTimeout an idle sequencer is released after this
 * @param readaheadRecords records read ahead by readers
 * @param readBatchSize bytes read per batch
 * @param readaheadTriggerRatio fraction of the read-ahead consumed before reading more
 */
public record ReplicatedLogletConfig(long maximumInflightRecords, DurationRange rpcTimeout, DurationRange storeTimeout,
        Duration sequencerInactivityTimeout, long readaheadRecords, ByteSize readBatchSize,
        double readaheadTriggerRatio) {

    static ReplicatedLogletConfig from(final ConfigValues v) {
        final String t = "bifrost.replicated-loglet.";
        return new ReplicatedLogletConfig(v.number(t + "maximum-inflight-records"),
                v.get(t + "rpc-timeout", DurationRange.class), v.get(t + "store-timeout", DurationRange.class),
                v.duration(t + "sequencer-inactivity-timeout"), v.number(t + "readahead-records"),
                v.bytes(t + "read-batch-size"), v.decimal(t + "readahead-trigger-ratio"));
    }
}
