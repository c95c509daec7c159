package io.jrestate.log.segments;

/**
 * LSNs of one log that may have been stored in a damaged part of the journal and are refused.
 *
 * @param logId the log
 * @param segmentSeq the journal segment holding the damage
 * @param bytePosition where the damage starts in that segment
 * @param fromLsn first refused LSN
 * @param toLsn last refused LSN ({@link Long#MAX_VALUE}: every later LSN, appends refused too)
 */
public record CorruptRange(long logId, long segmentSeq, long bytePosition, long fromLsn, long toLsn) {
    /**
     * Whether an LSN falls inside.
     *
     * @param lsn the LSN
     * @return true when refused
     */
    public boolean contains(final long lsn) {
        return lsn >= fromLsn && lsn <= toLsn;
    }

    @Override
    public String toString() {
        return "log " + logId + " segment " + segmentSeq + " byte " + bytePosition + " lsn " + fromLsn + ".."
            + (toLsn == Long.MAX_VALUE ? "end" : Long.toString(toLsn));
    }
}
