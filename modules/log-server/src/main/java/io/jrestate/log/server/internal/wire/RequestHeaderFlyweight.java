package io.jrestate.log.server.internal.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The 16-byte header that starts every log-server request (little-endian).
 *
 * <pre>
 *  0        1        2                 4                          8                                  16
 *  +--------+--------+-----------------+--------------------------+----------------------------------+
 *  | version| flags  | reserved (0)    | known_global_tail  u32   | loglet_id  u64                   |
 *  +--------+--------+-----------------+--------------------------+----------------------------------+
 * </pre>
 *
 * <p>{@code version} is {@value LogServerWire#VERSION}; a server refuses other versions as malformed.
 * {@code flags} bit 0 is {@code IGNORE_SEAL} (repair stores only); other bits must be 0. {@code loglet_id} is
 * {@code (log_id << 32) | segment_index}; {@code known_global_tail} is the sender's view of the loglet's global
 * tail (first uncommitted offset), piggy-backed on every request.
 */
public final class RequestHeaderFlyweight {
    /** Length of the header. */
    public static final int LENGTH = 16;
    static final int VERSION_OFFSET = 0;
    static final int FLAGS_OFFSET = 1;
    static final int KNOWN_GLOBAL_TAIL_OFFSET = 4;
    static final int LOGLET_ID_OFFSET = 8;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points the flyweight at a header.
     *
     * @param target the buffer
     * @param at where the header starts
     * @return this
     */
    public RequestHeaderFlyweight wrap(final MutableDirectBuffer target, final int at) {
        this.buffer = target;
        this.offset = at;
        return this;
    }

    /**
     * Writes the whole header.
     *
     * @param flags the flags
     * @param knownGlobalTail the sender's known global tail
     * @param logletId the loglet
     * @return this
     */
    public RequestHeaderFlyweight write(final int flags, final long knownGlobalTail, final long logletId) {
        buffer.putByte(offset + VERSION_OFFSET, (byte) LogServerWire.VERSION);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putShort(offset + 2, (short) 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + KNOWN_GLOBAL_TAIL_OFFSET, (int) knownGlobalTail, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + LOGLET_ID_OFFSET, logletId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }
}
