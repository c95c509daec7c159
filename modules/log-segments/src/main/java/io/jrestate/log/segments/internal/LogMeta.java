package io.jrestate.log.segments.internal;

import java.util.List;

/**
 * The durable metadata of one log, as stored in the metadata file.
 *
 * @param logId the log
 * @param trimPointLsn trimmed up to and including this LSN
 * @param sealed refuses appends
 * @param sequencer the bound sequencer or epoch, 0 when none
 * @param truncations suffix truncations whose journal position is still retained, oldest first
 */
public record LogMeta(long logId, long trimPointLsn, boolean sealed, long sequencer, List<Truncation> truncations) {
    /** Copies the list so the record stays immutable. */
    public LogMeta {
        truncations = List.copyOf(truncations);
    }

    /**
     * A log with no metadata yet.
     *
     * @param logId the log
     * @return empty metadata
     */
    public static LogMeta empty(final long logId) {
        return new LogMeta(logId, 0, false, 0, List.of());
    }

    /**
     * Whether this is the same as {@link #empty}.
     *
     * @return true when nothing was ever set
     */
    public boolean isEmpty() {
        return trimPointLsn == 0 && !sealed && sequencer == 0 && truncations.isEmpty();
    }

    /**
     * A suffix truncation: every record of the log stored before journal position ({@code segmentSeq},
     * {@code position}) with an LSN above {@code afterLsn} is stale.
     *
     * @param afterLsn the last LSN kept
     * @param segmentSeq the journal segment written next when the truncation happened
     * @param position the byte position in that segment
     */
    public record Truncation(long afterLsn, long segmentSeq, long position) {
        /**
         * Whether a record at a journal position with an LSN is made stale by this truncation.
         *
         * @param recordSegmentSeq the record's segment
         * @param recordPosition the record's position
         * @param lsn the record's LSN
         * @return true when stale
         */
        public boolean hides(final long recordSegmentSeq, final long recordPosition, final long lsn) {
            final boolean before = recordSegmentSeq < segmentSeq
                || (recordSegmentSeq == segmentSeq && recordPosition < position);
            return before && lsn > afterLsn;
        }
    }
}
