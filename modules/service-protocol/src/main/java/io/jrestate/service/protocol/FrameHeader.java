package io.jrestate.service.protocol;

/**
 * The 8-byte header in front of every protocol message: one big-endian u64.
 *
 * <pre>
 *  63            48 47 46          32 31                              0
 * +----------------+--+--------------+--------------------------------+
 * |  message type  |A | reserved (0) |   payload length (bytes, u32)   |
 * +----------------+--+--------------+--------------------------------+
 *   A = REQUESTED_ACK (mask 0x0000_8000_0000_0000); the length excludes the header.
 * </pre>
 *
 * <p>Example: a sleep command of 9 payload bytes is {@code 040C 0000 00000009}; an empty end message is
 * {@code 0003 0000 00000000}; a V7 run proposal asking for an ack is {@code 0005 8000 00000006}.
 *
 * @param typeCode the u16 message type code
 * @param flags the u16 flags field (bits 47..32); bit 15 of it is the requested-ack flag
 * @param payloadLengthBytes the u32 payload length, kept as a long so that values above 2^31 stay visible
 */
public record FrameHeader(int typeCode, int flags, long payloadLengthBytes) {
    /** Size of the header on the wire. */
    public static final int LENGTH_BYTES = 8;
    /** The requested-ack flag within {@link #flags()}. */
    public static final int FLAG_REQUESTED_ACK = 0x8000;

    /**
     * Checks the ranges of the fields.
     *
     * @param typeCode the u16 message type code
     * @param flags the u16 flags field
     * @param payloadLengthBytes the u32 payload length
     */
    public FrameHeader {
        if (typeCode < 0 || typeCode > 0xFFFF) {
            throw new IllegalArgumentException("typeCode must be a u16, got " + typeCode);
        }
        if (flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("flags must be a u16, got " + flags);
        }
        if (payloadLengthBytes < 0 || payloadLengthBytes > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("payloadLengthBytes must be a u32, got " + payloadLengthBytes);
        }
    }

    /**
     * Decodes a header from its u64 form.
     *
     * @param value the big-endian u64 read from the wire
     * @return the header
     */
    public static FrameHeader decode(final long value) {
        return new FrameHeader((int) (value >>> 48) & 0xFFFF, (int) (value >>> 32) & 0xFFFF,
            value & 0xFFFF_FFFFL);
    }

    /**
     * Encodes this header to its u64 form.
     *
     * @return the value to write big-endian on the wire
     */
    public long encode() {
        return ((long) typeCode << 48) | ((long) flags << 32) | payloadLengthBytes;
    }

    /**
     * Whether the sender asks for an acknowledgement of this message.
     *
     * @return true when the A flag is set
     */
    public boolean ackRequested() {
        return (flags & FLAG_REQUESTED_ACK) != 0;
    }
}
