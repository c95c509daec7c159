package io.jrestate.aeron.transport.internal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Cuts an outbound message into frames: one frame when header and body fit in one Aeron message, otherwise
 * fragments of at most {@code aeronMessageLengthMax - 24} body bytes each, in order.
 */
public final class FrameEncoder {
    /** Where each frame goes. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * Takes one frame made of a header and a slice of the body.
         *
         * @param header the header bytes, at index 0
         * @param headerLength the header length
         * @param body the body buffer
         * @param bodyOffset where this frame's slice starts
         * @param bodyLength the slice length
         * @return false to stop (the sink could not take the frame); the call returns the next fragment offset
         */
        boolean accept(DirectBuffer header, int headerLength, DirectBuffer body, int bodyOffset, int bodyLength);
    }

    private FrameEncoder() {
    }

    /**
     * Whether a body needs fragments.
     *
     * @param bodyLength the body length
     * @param aeronMessageLengthMax the publication's largest message
     * @return true when header and body do not fit in one Aeron message
     */
    public static boolean needsFragments(final int bodyLength, final int aeronMessageLengthMax) {
        return FrameFlyweight.HEADER_LENGTH + bodyLength > aeronMessageLengthMax;
    }

    /**
     * Emits the frames of a message from a given body offset on.
     *
     * @param header scratch space of at least 24 bytes for headers
     * @param kind the frame kind
     * @param messageType the message type
     * @param correlationId the correlation id
     * @param body the body buffer
     * @param bodyOffset where the body starts
     * @param bodyLength the body length
     * @param resumeAt the body offset to resume from (0 for a new message; only fragmented messages resume)
     * @param aeronMessageLengthMax the publication's largest message
     * @param sink where the frames go
     * @return the body length when every frame was taken, else the body offset of the first frame not taken
     */
    public static int encode(final MutableDirectBuffer header, final byte kind, final int messageType,
        final long correlationId, final DirectBuffer body, final int bodyOffset, final int bodyLength,
        final int resumeAt, final int aeronMessageLengthMax, final FrameSink sink) {
        if (!needsFragments(bodyLength, aeronMessageLengthMax)) {
            final int headerLength = FrameFlyweight.encode(header, 0, kind, messageType, correlationId);
            return sink.accept(header, headerLength, body, bodyOffset, bodyLength) ? bodyLength : 0;
        }
        final int fragmentMax = aeronMessageLengthMax - FrameFlyweight.FRAGMENT_HEADER_LENGTH;
        int position = resumeAt;
        while (position < bodyLength) {
            final int length = Math.min(fragmentMax, bodyLength - position);
            final int headerLength = FrameFlyweight.encodeFragment(
                header, 0, kind, messageType, correlationId, bodyLength, position);
            if (!sink.accept(header, headerLength, body, bodyOffset + position, length)) {
                return position;
            }
            position += length;
        }
        return bodyLength;
    }
}
