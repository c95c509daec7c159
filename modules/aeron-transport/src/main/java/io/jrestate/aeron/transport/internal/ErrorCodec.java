package io.jrestate.aeron.transport.internal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static io.jrestate.aeron.transport.internal.FrameFlyweight.ORDER;

/**
 * The body of {@code ERROR} and {@code REJECT} frames: a code and a text for the log. Little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          code (u16)           |     text length (u16)         |  0
 *  +-------------------------------+-------------------------------+
 *  |  text (UTF-8, 0..1024 bytes)                                  |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * @param code what went wrong, one of the {@code CODE_} constants (others are kept as sent)
 * @param text a human-readable explanation
 */
public record ErrorCodec(int code, String text) {
    /** Length of the fixed part. */
    public static final int FIXED_LENGTH = 4;
    /** Longest text; longer texts are cut when encoded. */
    public static final int TEXT_BYTES_MAX = 1024;
    /** Longest possible body. */
    public static final int LENGTH_MAX = FIXED_LENGTH + TEXT_BYTES_MAX;

    /** ERROR: the receiver has no handler for the request's message type. */
    public static final int CODE_NO_HANDLER = 1;
    /** ERROR: the handler threw or failed the request. */
    public static final int CODE_HANDLER_FAILED = 2;
    /** REJECT: the peer belongs to another cluster (name or fingerprint differ). */
    public static final int CODE_CLUSTER_MISMATCH = 10;
    /** REJECT: a newer generation of the peer's node is already known. */
    public static final int CODE_OLD_GENERATION = 11;
    /** REJECT: the peer claims this node's own id. */
    public static final int CODE_DUPLICATE_NODE_ID = 12;

    /**
     * Writes this body, cutting the text at {@value #TEXT_BYTES_MAX} bytes.
     *
     * @param buffer where to write
     * @param offset where the body starts
     * @return the body length
     */
    public int encode(final MutableDirectBuffer buffer, final int offset) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > TEXT_BYTES_MAX) {
            bytes = java.util.Arrays.copyOf(bytes, TEXT_BYTES_MAX);
        }
        buffer.putShort(offset, (short) code, ORDER);
        buffer.putShort(offset + 2, (short) bytes.length, ORDER);
        buffer.putBytes(offset + FIXED_LENGTH, bytes);
        return FIXED_LENGTH + bytes.length;
    }

    /**
     * Reads and checks a body. Text cut in the middle of a UTF-8 sequence is decoded with replacement characters.
     *
     * @param buffer the bytes
     * @param offset where the body starts
     * @param length the body length
     * @return the decoded body
     * @throws MalformedFrameException naming the bad field
     */
    public static ErrorCodec decode(final DirectBuffer buffer, final int offset, final int length) {
        if (length < FIXED_LENGTH) {
            throw new MalformedFrameException("error body of " + length + " bytes is shorter than 4");
        }
        final int code = buffer.getShort(offset, ORDER) & 0xFFFF;
        final int textLength = buffer.getShort(offset + 2, ORDER) & 0xFFFF;
        if (textLength > TEXT_BYTES_MAX || FIXED_LENGTH + textLength != length) {
            throw new MalformedFrameException("error body of " + length + " bytes declares a text of " + textLength
                + " bytes (at most " + TEXT_BYTES_MAX + ", and nothing after it)");
        }
        final byte[] bytes = new byte[textLength];
        buffer.getBytes(offset + FIXED_LENGTH, bytes);
        return new ErrorCodec(code, new String(bytes, StandardCharsets.UTF_8));
    }
}
