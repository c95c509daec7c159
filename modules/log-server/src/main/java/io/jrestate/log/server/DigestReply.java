package io.jrestate.log.server;

import java.util.List;

/**
 * The answer to {@code GetDigest}: which offsets of the asked range this server holds, as runs. Offsets in no run
 * are not stored here (a gap: another server of the write set holds them, or nobody).
 *
 * @param tail status and tails
 * @param runs runs of offsets, in offset order, not overlapping
 */
public record DigestReply(TailState tail, List<Run> runs) {
    /**
     * Copies the list.
     *
     * @param tail status and tails
     * @param runs the runs
     */
    public DigestReply {
        runs = List.copyOf(runs);
    }

    /** What a run of offsets is. */
    public enum RunStatus {
        /** Every offset of the run is stored here. */
        EXISTS,
        /** The run was trimmed. */
        TRIMMED
    }

    /**
     * Consecutive offsets with one status.
     *
     * @param fromOffset first offset
     * @param toOffset last offset (inclusive)
     * @param status what they are
     */
    public record Run(long fromOffset, long toOffset, RunStatus status) {
    }
}
