package io.jrestate.service.protocol;

import com.google.protobuf.Message;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One protocol message as it travels: the type code and flags of its {@link FrameHeader} and the raw payload.
 *
 * <p>Frames keep the exact payload bytes so that journal entries can be stored and replayed verbatim (custom
 * entries are never parsed at all). {@link #parse()} turns the payload into the protobuf message of its type.
 *
 * <pre>
 * +---------------------------+-------------------------------+
 * | FrameHeader (8 bytes, BE) | payload (payloadLength bytes) |
 * +---------------------------+-------------------------------+
 * </pre>
 *
 * @param typeCode the u16 message type code
 * @param flags the u16 flags field ({@link FrameHeader#FLAG_REQUESTED_ACK})
 * @param payload the protobuf payload (not copied; callers must not modify it)
 */
public record Frame(int typeCode, int flags, byte[] payload) {
    /**
     * Checks the fields.
     *
     * @param typeCode the u16 message type code
     * @param flags the u16 flags field
     * @param payload the protobuf payload
     */
    public Frame {
        if (typeCode < 0 || typeCode > 0xFFFF) {
            throw new IllegalArgumentException("typeCode must be a u16, got " + typeCode);
        }
        if (flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("flags must be a u16, got " + flags);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
    }

    /**
     * Builds a frame for a message of the catalogue, without flags.
     *
     * @param message the protobuf message
     * @return the frame
     */
    public static Frame of(final Message message) {
        return new Frame(MessageType.of(message).code(), 0, message.toByteArray());
    }

    /**
     * Builds a frame for a message of the catalogue, optionally asking for an acknowledgement.
     *
     * @param message the protobuf message
     * @param requestAck whether to set the A flag
     * @return the frame
     */
    public static Frame of(final Message message, final boolean requestAck) {
        return new Frame(MessageType.of(message).code(), requestAck ? FrameHeader.FLAG_REQUESTED_ACK : 0,
            message.toByteArray());
    }

    /**
     * Returns the catalogue type of this frame.
     *
     * @return the type ({@link MessageType#CUSTOM_ENTRY} for the custom range)
     * @throws ProtocolException when the type code is unknown
     */
    public MessageType type() {
        final MessageType t = MessageType.ofCode(typeCode);
        if (t == null) {
            throw new ProtocolException("unknown message type " + MessageType.hex(typeCode));
        }
        return t;
    }

    /**
     * Whether the A (requested ack) flag is set.
     *
     * @return true when the sender asks for an acknowledgement
     */
    public boolean ackRequested() {
        return (flags & FrameHeader.FLAG_REQUESTED_ACK) != 0;
    }

    /**
     * Returns the header of this frame.
     *
     * @return type, flags and payload length
     */
    public FrameHeader header() {
        return new FrameHeader(typeCode, flags, payload.length);
    }

    /**
     * Parses the payload as the message of this frame's type.
     *
     * @return the protobuf message
     * @throws ProtocolException for unknown types, custom entries or payloads that do not parse
     */
    public Message parse() {
        return type().parse(payload);
    }

    /**
     * Parses the payload and checks it has the expected class.
     *
     * @param expected the protobuf class the caller expects
     * @param <T> the message class
     * @return the parsed message
     * @throws ProtocolException when the frame holds another type or does not parse
     */
    public <T extends Message> T parse(final Class<T> expected) {
        final Message m = parse();
        if (!expected.isInstance(m)) {
            throw new ProtocolException("expected " + expected.getSimpleName() + " but frame has type " + type()
                + " (" + MessageType.hex(typeCode) + ")");
        }
        return expected.cast(m);
    }

    /**
     * Returns the encoded length: header plus payload.
     *
     * @return bytes on the wire
     */
    public int encodedLengthBytes() {
        return FrameHeader.LENGTH_BYTES + payload.length;
    }

    /**
     * Encodes header and payload into a new array.
     *
     * @return the frame's bytes as sent on the wire
     */
    public byte[] encode() {
        final ByteBuffer out = ByteBuffer.allocate(encodedLengthBytes());
        writeTo(out);
        return out.array();
    }

    /**
     * Writes header and payload at the buffer's position (big-endian, whatever the buffer's byte order).
     *
     * @param out a buffer with at least {@link #encodedLengthBytes()} remaining
     */
    public void writeTo(final ByteBuffer out) {
        final long header = header().encode();
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.put((byte) (header >>> shift));
        }
        out.put(payload);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Frame f && f.typeCode == typeCode && f.flags == flags && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * typeCode + flags) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        final MessageType t = MessageType.ofCode(typeCode);
        final String shown = payload.length <= 64 ? HexFormat.of().formatHex(payload)
            : HexFormat.of().formatHex(payload, 0, 64) + "...";
        return "Frame[" + (t == null ? "UNKNOWN" : t) + " " + MessageType.hex(typeCode) + " flags="
            + String.format("0x%04X", flags) + " len=" + payload.length + " " + shown + "]";
    }
}
