package io.jrestate.log.server.internal.wire;

import io.jrestate.log.server.TailQuery;

import java.util.List;

/** A decoded log-server request. Offsets are loglet offsets (u32, from 1) held in longs. */
public sealed interface Request {
    /**
     * The common header.
     *
     * @return the header
     */
    Header header();

    /**
     * The request header's fields.
     *
     * @param flags the flag bits
     * @param knownGlobalTail the sender's known global tail
     * @param logletId the loglet
     */
    record Header(int flags, long knownGlobalTail, long logletId) {
        /**
         * Whether the {@code IGNORE_SEAL} flag is set.
         *
         * @return true for repair stores
         */
        public boolean ignoreSeal() {
            return (flags & LogServerWire.FLAG_IGNORE_SEAL) != 0;
        }
    }

    /**
     * {@code Store}.
     *
     * @param header the header
     * @param firstOffset the offset of the first payload
     * @param sequencer the sequencer's generational node id, packed ({@link LogServerWire#packNodeId})
     * @param timeoutAtUnixMs drop the store if it is handled after this wall-clock time; 0 for never
     * @param payloads the records, at consecutive offsets
     */
    record Store(Header header, long firstOffset, long sequencer, long timeoutAtUnixMs, List<byte[]> payloads)
        implements Request {
        /**
         * The offset of the last payload.
         *
         * @return the offset
         */
        public long lastOffset() {
            return firstOffset + payloads.size() - 1;
        }
    }

    /**
     * {@code GetRecords}.
     *
     * @param header the header
     * @param fromOffset the first offset wanted
     * @param toOffset the last offset wanted (inclusive)
     * @param budgetBytes the most payload bytes to return (at least one record is returned if any)
     */
    record GetRecords(Header header, long fromOffset, long toOffset, long budgetBytes) implements Request {
    }

    /**
     * {@code Seal}.
     *
     * @param header the header
     * @param sequencer the packed id of the node asking (recorded in logs)
     */
    record Seal(Header header, long sequencer) implements Request {
    }

    /**
     * {@code Trim}.
     *
     * @param header the header
     * @param trimPointOffset trim every offset up to this one, inclusive
     */
    record Trim(Header header, long trimPointOffset) implements Request {
    }

    /**
     * {@code Release}: only the header's known global tail matters.
     *
     * @param header the header
     */
    record Release(Header header) implements Request {
    }

    /**
     * {@code GetLogletInfo}.
     *
     * @param header the header
     */
    record GetLogletInfo(Header header) implements Request {
    }

    /**
     * {@code WaitForTail}: answered once the tail reaches the offset, or the loglet is sealed.
     *
     * @param header the header
     * @param query which tail
     * @param offset the tail to wait for
     */
    record WaitForTail(Header header, TailQuery query, long offset) implements Request {
    }

    /**
     * {@code GetDigest}.
     *
     * @param header the header
     * @param fromOffset first offset
     * @param toOffset last offset (inclusive)
     */
    record GetDigest(Header header, long fromOffset, long toOffset) implements Request {
    }
}
