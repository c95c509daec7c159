package io.jrestate.log.server.internal.wire;

import io.jrestate.log.server.TailState;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The 16-byte header that starts every log-server response (little-endian).
 *
 * <pre>
 *  0        1        2        3        4                      8                       12             16
 *  +--------+--------+--------+--------+----------------------+-----------------------+--------------+
 *  | version| status | sealed | rsvd 0 | local_tail  u32      | known_global_tail u32 | reserved (0) |
 *  +--------+--------+--------+--------+----------------------+-----------------------+--------------+
 * </pre>
 *
 * <p>{@code status} is a {@link io.jrestate.log.server.LogletStatus} code; {@code sealed} is 0 or 1.
 */
public final class ResponseHeaderFlyweight {
    /** Length of the header. */
    public static final int LENGTH = 16;
    static final int STATUS_OFFSET = 1;
    static final int SEALED_OFFSET = 2;
    static final int LOCAL_TAIL_OFFSET = 4;
    static final int KNOWN_GLOBAL_TAIL_OFFSET = 8;

    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Points the flyweight at a header.
     *
     * @param target the buffer
     * @param at where the header starts
     * @return this
     */
    public ResponseHeaderFlyweight wrap(final MutableDirectBuffer target, final int at) {
        this.buffer = target;
        this.offset = at;
        return this;
    }

    /**
     * Writes the whole header.
     *
     * @param tail the status and tails
     * @return this
     */
    public ResponseHeaderFlyweight write(final TailState tail) {
        buffer.putByte(offset, (byte) LogServerWire.VERSION);
        buffer.putByte(offset + STATUS_OFFSET, (byte) tail.status().code());
        buffer.putByte(offset + SEALED_OFFSET, (byte) (tail.sealed() ? 1 : 0));
        buffer.putByte(offset + 3, (byte) 0);
        buffer.putInt(offset + LOCAL_TAIL_OFFSET, (int) tail.localTailOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + KNOWN_GLOBAL_TAIL_OFFSET, (int) tail.knownGlobalTailOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + 12, 0, ByteOrder.LITTLE_ENDIAN);
        return this;
    }
}
