package io.jrestate.log.server.internal.wire;

import io.jrestate.log.server.MalformedMessageException;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads little-endian fields of one message in order, checking each against the message's length, so that a
 * truncated or padded message is refused with the name of the field, never read out of bounds.
 */
final class WireReader {
    private final DirectBuffer buffer;
    private final int end;
    private final String message;
    private int position;

    WireReader(final DirectBuffer buffer, final int offset, final int length, final String message) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.message = message;
    }

    int u8(final String field) {
        need(1, field);
        final int value = buffer.getByte(position) & 0xFF;
        position += 1;
        return value;
    }

    int u16(final String field) {
        need(2, field);
        final int value = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        position += 2;
        return value;
    }

    long u32(final String field) {
        need(4, field);
        final long value = buffer.getInt(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        position += 4;
        return value;
    }

    long u64(final String field) {
        need(8, field);
        final long value = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
        position += 8;
        return value;
    }

    byte[] bytes(final long length, final String field) {
        if (length > end - position) {
            throw malformed(field + " of " + length + " bytes runs past the end (" + (end - position) + " left)");
        }
        final byte[] bytes = new byte[(int) length];
        buffer.getBytes(position, bytes);
        position += (int) length;
        return bytes;
    }

    int remaining() {
        return end - position;
    }

    void expectEnd() {
        if (position != end) {
            throw malformed((end - position) + " unexpected trailing bytes");
        }
    }

    MalformedMessageException malformed(final String problem) {
        return new MalformedMessageException(message + ": " + problem);
    }

    private void need(final int bytes, final String field) {
        if (end - position < bytes) {
            throw malformed("truncated at " + field + " (needs " + bytes + " bytes, " + (end - position) + " left)");
        }
    }
}
