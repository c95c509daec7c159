package io.jrestate.log.segments;

import java.nio.ByteBuffer;

/** Receives records from {@link SegmentLog#read}. Called on the reading thread. */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * One record, in LSN order.
     *
     * @param lsn its LSN
     * @param payload a read-only view of the payload, valid only during this call (copy what you keep)
     * @return true to continue, false to stop after this record
     */
    boolean onRecord(long lsn, ByteBuffer payload);

    /**
     * The LSNs {@code fromLsn..toLsn} were trimmed; reading resumes after {@code toLsn}.
     *
     * @param fromLsn first trimmed LSN asked for
     * @param toLsn the trim point
     */
    default void onTrimGap(final long fromLsn, final long toLsn) {
    }
}
