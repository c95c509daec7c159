package io.jrestate.log.server.internal.wire;

import io.jrestate.log.server.TailQuery;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes requests in the layouts of {@link LogServerWire} into a growing buffer. Not thread-safe: one encoder per
 * message.
 */
public final class RequestEncoder {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final RequestHeaderFlyweight header = new RequestHeaderFlyweight();
    private int length;

    /**
     * Starts a message with its header.
     *
     * @param flags the flags
     * @param knownGlobalTail the sender's known global tail
     * @param logletId the loglet
     * @return this
     */
    public RequestEncoder header(final int flags, final long knownGlobalTail, final long logletId) {
        header.wrap(buffer, 0).write(flags, knownGlobalTail, logletId);
        length = RequestHeaderFlyweight.LENGTH;
        return this;
    }

    /**
     * Appends a u8.
     *
     * @param value the value
     * @return this
     */
    public RequestEncoder u8(final int value) {
        buffer.putByte(length, (byte) value);
        length += 1;
        return this;
    }

    /**
     * Appends a u32.
     *
     * @param value the value (its low 32 bits)
     * @return this
     */
    public RequestEncoder u32(final long value) {
        buffer.putInt(length, (int) value, ByteOrder.LITTLE_ENDIAN);
        length += 4;
        return this;
    }

    /**
     * Appends a u64.
     *
     * @param value the value
     * @return this
     */
    public RequestEncoder u64(final long value) {
        buffer.putLong(length, value, ByteOrder.LITTLE_ENDIAN);
        length += 8;
        return this;
    }

    /**
     * Appends length-prefixed payloads (u32 length, bytes).
     *
     * @param payloads the payloads
     * @return this
     */
    public RequestEncoder payloads(final List<byte[]> payloads) {
        for (final byte[] payload : payloads) {
            u32(payload.length);
            buffer.putBytes(length, payload);
            length += payload.length;
        }
        return this;
    }

    /**
     * Appends a {@code WaitForTail} body.
     *
     * @param query which tail
     * @param offset the offset to wait for
     * @return this
     */
    public RequestEncoder waitForTail(final TailQuery query, final long offset) {
        return u8(query == TailQuery.LOCAL_TAIL ? 0 : 1).u8(0).u8(0).u8(0).u32(offset);
    }

    /**
     * The message.
     *
     * @return a copy of the bytes written
     */
    public byte[] toBytes() {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
