package io.jrestate.log.server;

import io.jrestate.aeron.transport.GenerationalNodeId;

import java.util.List;

/**
 * A {@code Store}: records at consecutive offsets of a loglet, from its sequencer.
 *
 * @param logletId the loglet, {@code (log_id << 32) | segment_index}
 * @param sequencer the loglet's sequencer (the log server binds the loglet to the first one it sees)
 * @param firstOffset the offset of the first record, from 1
 * @param payloads the records, 1 to 65,536
 * @param knownGlobalTail the sequencer's global tail (first uncommitted offset)
 * @param ignoreSeal a repair store, accepted on a sealed loglet
 * @param timeoutAtUnixMs the server drops the store unwritten if it gets to it after this time; 0 for never
 */
public record StoreRequest(long logletId, GenerationalNodeId sequencer, long firstOffset, List<byte[]> payloads,
    long knownGlobalTail, boolean ignoreSeal, long timeoutAtUnixMs) {
    /**
     * Copies the payload list.
     *
     * @param logletId the loglet
     * @param sequencer the sequencer
     * @param firstOffset the first offset
     * @param payloads the records
     * @param knownGlobalTail the known global tail
     * @param ignoreSeal whether this is a repair store
     * @param timeoutAtUnixMs the drop deadline
     */
    public StoreRequest {
        payloads = List.copyOf(payloads);
    }

    /**
     * A plain store: no global tail known, no repair, no deadline.
     *
     * @param logletId the loglet
     * @param sequencer the sequencer
     * @param firstOffset the first offset
     * @param payloads the records
     * @return the request
     */
    public static StoreRequest of(final long logletId, final GenerationalNodeId sequencer, final long firstOffset,
        final List<byte[]> payloads) {
        return new StoreRequest(logletId, sequencer, firstOffset, payloads, 0, false, 0);
    }

    /**
     * This store with a known global tail.
     *
     * @param tail the global tail
     * @return a copy
     */
    public StoreRequest withKnownGlobalTail(final long tail) {
        return new StoreRequest(logletId, sequencer, firstOffset, payloads, tail, ignoreSeal, timeoutAtUnixMs);
    }

    /**
     * This store as a repair store (accepted on a sealed loglet).
     *
     * @return a copy
     */
    public StoreRequest asRepair() {
        return new StoreRequest(logletId, sequencer, firstOffset, payloads, knownGlobalTail, true, timeoutAtUnixMs);
    }

    /**
     * This store with a drop deadline.
     *
     * @param unixMs the deadline in Unix milliseconds
     * @return a copy
     */
    public StoreRequest withTimeoutAt(final long unixMs) {
        return new StoreRequest(logletId, sequencer, firstOffset, payloads, knownGlobalTail, ignoreSeal, unixMs);
    }
}
