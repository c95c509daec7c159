package io.jrestate.log.segments;

/**
 * The durable per-log metadata and the log's positions.
 *
 * @param logId the log
 * @param trimPointLsn every LSN up to this one (inclusive) is trimmed; 0 when none
 * @param sealed whether the log refuses appends
 * @param sequencer the durable sequencer or epoch binding; 0 when none
 * @param lastDurableLsn the highest durable LSN (the trim point when the log holds no records)
 */
public record LogMetadata(long logId, long trimPointLsn, boolean sealed, long sequencer, long lastDurableLsn) {
}
