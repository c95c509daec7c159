package io.jrestate.service.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Streaming decoder of protocol frames: feed it the bytes of a response body in chunks of any size and it emits
 * each complete {@link Frame}.
 *
 * <pre>
 * state machine (per frame)
 *   HEADER  -- 8 bytes read --> check type code, reserved flags and length vs limit --> PAYLOAD
 *   PAYLOAD -- length bytes read --> emit Frame --> HEADER
 * </pre>
 *
 * <p>Bad input is rejected with a {@link ProtocolException} naming the frame number, stream offset and the
 * offending value: unknown type code, reserved flag bits set, a payload longer than
 * {@code maxMessageSizeBytes}, or (at {@link #finish()}) a stream that ends inside a frame. After an error the
 * decoder stays failed. Memory: the payload buffer grows with the bytes that actually arrived and never beyond
 * the declared length, which itself is checked against the limit before anything is allocated, so a forged
 * length costs nothing until the bytes are really sent.
 *
 * <p>Not thread-safe: one decoder per stream, fed from one thread at a time.
 */
public final class FrameDecoder {
    private static final int RESERVED_FLAGS_MASK = 0x7FFF;
    private static final int INITIAL_PAYLOAD_CAPACITY_BYTES = 256;

    private final long maxMessageSizeBytes;
    private final byte[] headerBytes = new byte[FrameHeader.LENGTH_BYTES];
    private int headerFilledBytes;
    private FrameHeader header;
    private byte[] payload;
    private int payloadFilledBytes;
    private long streamOffsetBytes;
    private long framesDecoded;
    private String failure;

    /**
     * Creates a decoder.
     *
     * @param maxMessageSizeBytes the largest payload accepted ({@code [worker.invoker] message-size-limit})
     */
    public FrameDecoder(final long maxMessageSizeBytes) {
        if (maxMessageSizeBytes < 0 || maxMessageSizeBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxMessageSizeBytes must be within 0.." + (Integer.MAX_VALUE - 16)
                + ", got " + maxMessageSizeBytes);
        }
        this.maxMessageSizeBytes = maxMessageSizeBytes;
    }

    /**
     * Consumes all remaining bytes of {@code input}, emitting each completed frame to {@code sink} in order.
     *
     * @param input the next chunk of the stream; its position advances to its limit
     * @param sink receives complete frames
     * @throws ProtocolException when the bytes are not a valid frame stream
     */
    public void feed(final ByteBuffer input, final Consumer<Frame> sink) {
        checkNotFailed();
        while (input.hasRemaining()) {
            if (header == null) {
                readHeaderBytes(input);
            } else {
                readPayloadBytes(input);
            }
            if (header != null && payloadFilledBytes == header.payloadLengthBytes()) {
                emit(sink);
            }
        }
    }

    /**
     * Consumes a byte array chunk.
     *
     * @param input the bytes
     * @param sink receives complete frames
     * @throws ProtocolException when the bytes are not a valid frame stream
     */
    public void feed(final byte[] input, final Consumer<Frame> sink) {
        feed(ByteBuffer.wrap(input), sink);
    }

    /**
     * Declares the end of the stream.
     *
     * @throws ProtocolException when the stream ended inside a frame
     */
    public void finish() {
        checkNotFailed();
        if (header != null) {
            fail("stream ended inside frame #" + framesDecoded + " (" + describe(header) + "): got "
                + payloadFilledBytes + " of " + header.payloadLengthBytes() + " payload bytes");
        }
        if (headerFilledBytes > 0) {
            fail("stream ended inside the header of frame #" + framesDecoded + ": got " + headerFilledBytes
                + " of 8 header bytes");
        }
    }

    /**
     * Whether no partial frame is buffered.
     *
     * @return true between frames
     */
    public boolean isBetweenFrames() {
        return header == null && headerFilledBytes == 0;
    }

    /**
     * Returns how many frames were emitted so far.
     *
     * @return the frame count
     */
    public long framesDecoded() {
        return framesDecoded;
    }

    /**
     * Returns the capacity of the current payload buffer, for tests of the allocation bound.
     *
     * @return bytes allocated for the frame being decoded, 0 between frames
     */
    public int bufferedCapacityBytes() {
        return payload == null ? 0 : payload.length;
    }

    private void readHeaderBytes(final ByteBuffer input) {
        final int n = Math.min(FrameHeader.LENGTH_BYTES - headerFilledBytes, input.remaining());
        input.get(headerBytes, headerFilledBytes, n);
        headerFilledBytes += n;
        streamOffsetBytes += n;
        if (headerFilledBytes < FrameHeader.LENGTH_BYTES) {
            return;
        }
        long value = 0;
        for (final byte b : headerBytes) {
            value = (value << 8) | (b & 0xFF);
        }
        final FrameHeader h = FrameHeader.decode(value);
        validate(h);
        header = h;
        headerFilledBytes = 0;
        payloadFilledBytes = 0;
        payload = new byte[(int) Math.min(h.payloadLengthBytes(), INITIAL_PAYLOAD_CAPACITY_BYTES)];
    }

    private void validate(final FrameHeader h) {
        final long at = streamOffsetBytes - FrameHeader.LENGTH_BYTES;
        if (MessageType.ofCode(h.typeCode()) == null) {
            fail("unknown message type " + MessageType.hex(h.typeCode()) + " in frame #" + framesDecoded
                + " at stream offset " + at);
        }
        if ((h.flags() & RESERVED_FLAGS_MASK) != 0) {
            fail("reserved flag bits set (flags " + String.format("0x%04X", h.flags()) + ") in frame #"
                + framesDecoded + " (" + describe(h) + ") at stream offset " + at);
        }
        if (h.payloadLengthBytes() > maxMessageSizeBytes) {
            fail("message of " + h.payloadLengthBytes() + " bytes in frame #" + framesDecoded + " ("
                + describe(h) + ") at stream offset " + at + " exceeds the message size limit of "
                + maxMessageSizeBytes + " bytes");
        }
    }

    private void readPayloadBytes(final ByteBuffer input) {
        final int wanted = (int) header.payloadLengthBytes() - payloadFilledBytes;
        final int n = Math.min(wanted, input.remaining());
        ensureCapacity(payloadFilledBytes + n);
        input.get(payload, payloadFilledBytes, n);
        payloadFilledBytes += n;
        streamOffsetBytes += n;
    }

    private void ensureCapacity(final int neededBytes) {
        if (neededBytes <= payload.length) {
            return;
        }
        final long doubled = Math.max((long) payload.length * 2, neededBytes);
        payload = Arrays.copyOf(payload, (int) Math.min(doubled, header.payloadLengthBytes()));
    }

    private void emit(final Consumer<Frame> sink) {
        final Frame frame = new Frame(header.typeCode(), header.flags(), payload);
        header = null;
        payload = null;
        payloadFilledBytes = 0;
        framesDecoded++;
        sink.accept(frame);
    }

    private static String describe(final FrameHeader h) {
        final MessageType t = MessageType.ofCode(h.typeCode());
        return (t == null ? "UNKNOWN" : t.name()) + " " + MessageType.hex(h.typeCode());
    }

    private void checkNotFailed() {
        if (failure != null) {
            throw new ProtocolException("decoder already failed: " + failure);
        }
    }

    private void fail(final String message) {
        failure = message;
        throw new ProtocolException(message);
    }
}
