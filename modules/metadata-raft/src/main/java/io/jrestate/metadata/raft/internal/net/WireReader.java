package io.jrestate.metadata.raft.internal.net;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads for the metadata wire codecs: every read past the end, negative length or length above
 * the cap becomes an {@link IllegalArgumentException} naming the field, never an allocation of a claimed size.
 */
final class WireReader {
    private final ByteBuffer buffer;
    private final String what;

    WireReader(final byte[] bytes, final String what) {
        this.buffer = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    byte u8(final String field) {
        try {
            return buffer.get();
        } catch (final BufferUnderflowException e) {
            throw truncated(field);
        }
    }

    int i32(final String field) {
        try {
            return buffer.getInt();
        } catch (final BufferUnderflowException e) {
            throw truncated(field);
        }
    }

    long i64(final String field) {
        try {
            return buffer.getLong();
        } catch (final BufferUnderflowException e) {
            throw truncated(field);
        }
    }

    byte[] bytes(final String field) {
        final int length = i32(field + " length");
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException(what + ": " + field + " length " + length + " exceeds the "
                + buffer.remaining() + " bytes left");
        }
        final byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }

    String string(final String field) {
        return new String(bytes(field), StandardCharsets.UTF_8);
    }

    int count(final String field, final int max) {
        final int n = i32(field);
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(what + ": " + field + " " + n + " is outside [0, " + max + "]");
        }
        return n;
    }

    void end() {
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(what + ": " + buffer.remaining() + " unexpected trailing bytes");
        }
    }

    private IllegalArgumentException truncated(final String field) {
        return new IllegalArgumentException(what + " is truncated at " + field);
    }
}
