package io.jrestate.aeron.transport.internal;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The whole parse path of received bytes: validates the frame header, decodes handshake and error bodies,
 * reassembles fragmented messages per session, and hands complete, well-formed frames to a {@link Listener}.
 * Bad input of any shape ends in a {@link MalformedFrameException} and nothing else.
 *
 * <p>Used only by the transport agent's thread.
 */
public final class InboundDecoder {
    /** Receives decoded frames. The buffers passed are valid only during the call. */
    public interface Listener {
        /**
         * A {@code HELLO} arrived.
         *
         * @param sessionId the Aeron session it arrived on
         * @param hello the decoded body
         */
        void onHello(int sessionId, HelloCodec hello);

        /**
         * A {@code HELLO_ACK} arrived.
         *
         * @param sessionId the Aeron session it arrived on
         * @param hello the decoded body
         */
        void onHelloAck(int sessionId, HelloCodec hello);

        /**
         * A {@code REJECT} arrived.
         *
         * @param sessionId the Aeron session it arrived on
         * @param error the decoded reason
         */
        void onReject(int sessionId, ErrorCodec error);

        /**
         * A complete data message arrived ({@code MESSAGE}, {@code REQUEST}, {@code RESPONSE} or {@code ERROR}).
         *
         * @param sessionId the Aeron session it arrived on
         * @param kind the frame kind
         * @param messageType the message type
         * @param correlationId the correlation id
         * @param buffer the body bytes
         * @param offset where the body starts
         * @param length the body length
         */
        void onData(int sessionId, byte kind, int messageType, long correlationId,
            DirectBuffer buffer, int offset, int length);
    }

    private final FrameFlyweight frame = new FrameFlyweight();
    private final Int2ObjectHashMap<Reassembler> reassemblers = new Int2ObjectHashMap<>();
    private final int messageLengthMax;
    private final Listener listener;

    /**
     * Creates a decoder.
     *
     * @param messageLengthMax the largest message body accepted, after reassembly
     * @param listener where decoded frames go
     */
    public InboundDecoder(final int messageLengthMax, final Listener listener) {
        this.messageLengthMax = messageLengthMax;
        this.listener = listener;
    }

    /**
     * Decodes one received Aeron message.
     *
     * @param sessionId the Aeron session it arrived on
     * @param buffer the bytes
     * @param offset where the frame starts
     * @param length the frame length
     * @throws MalformedFrameException naming what is wrong
     */
    public void decode(final int sessionId, final DirectBuffer buffer, final int offset, final int length) {
        frame.wrapAndValidate(buffer, offset, length, messageLengthMax);
        final byte kind = frame.kind();
        switch (kind) {
            case FrameFlyweight.HELLO ->
                listener.onHello(sessionId, HelloCodec.decode(buffer, frame.bodyOffset(), frame.bodyLength()));
            case FrameFlyweight.HELLO_ACK ->
                listener.onHelloAck(sessionId, HelloCodec.decode(buffer, frame.bodyOffset(), frame.bodyLength()));
            case FrameFlyweight.REJECT ->
                listener.onReject(sessionId, ErrorCodec.decode(buffer, frame.bodyOffset(), frame.bodyLength()));
            default -> decodeData(sessionId, kind);
        }
    }

    private void decodeData(final int sessionId, final byte kind) {
        if (!frame.isFragment()) {
            if (kind == FrameFlyweight.ERROR) {
                ErrorCodec.decode(frame.buffer(), frame.bodyOffset(), frame.bodyLength());
            }
            listener.onData(sessionId, kind, frame.messageType(), frame.correlationId(),
                frame.buffer(), frame.bodyOffset(), frame.bodyLength());
            return;
        }
        Reassembler reassembler = reassemblers.get(sessionId);
        if (reassembler == null) {
            reassembler = new Reassembler();
            reassemblers.put(sessionId, reassembler);
        }
        if (reassembler.onFragment(frame)) {
            if (kind == FrameFlyweight.ERROR) {
                ErrorCodec.decode(reassembler.buffer(), 0, reassembler.length());
            }
            listener.onData(sessionId, kind, frame.messageType(), frame.correlationId(),
                reassembler.buffer(), 0, reassembler.length());
        }
    }

    /**
     * Forgets a session's partial message, when its image goes away.
     *
     * @param sessionId the Aeron session
     */
    public void onSessionClosed(final int sessionId) {
        reassemblers.remove(sessionId);
    }

    /**
     * Partial messages abandoned so far, over all sessions still open.
     *
     * @return the count
     */
    public long abandonedCount() {
        long sum = 0;
        for (final Reassembler r : reassemblers.values()) {
            sum += r.abandonedCount();
        }
        return sum;
    }
}
