package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Responder;
import io.jrestate.aeron.transport.SendStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicBoolean;

/** Answers one request through the link back to its requester; only the first answer is sent. */
final class LinkResponder implements Responder {
    private final TransportAgent agent;
    private final GenerationalNodeId requester;
    private final int messageType;
    private final long correlationId;
    private final AtomicBoolean answered = new AtomicBoolean();

    LinkResponder(final TransportAgent agent, final GenerationalNodeId requester, final int messageType,
        final long correlationId) {
        this.agent = agent;
        this.requester = requester;
        this.messageType = messageType;
        this.correlationId = correlationId;
    }

    @Override
    public SendStatus respond(final DirectBuffer buffer, final int offset, final int length) {
        if (!answered.compareAndSet(false, true)) {
            return SendStatus.DISCARDED;
        }
        return agent.sendResponse(requester, FrameFlyweight.RESPONSE, messageType, correlationId, buffer, offset,
            length);
    }

    @Override
    public SendStatus fail(final String text) {
        return failWithCode(ErrorCodec.CODE_HANDLER_FAILED, text);
    }

    SendStatus failWithCode(final int code, final String text) {
        if (!answered.compareAndSet(false, true)) {
            return SendStatus.DISCARDED;
        }
        final UnsafeBuffer body = new UnsafeBuffer(new byte[ErrorCodec.LENGTH_MAX]);
        final int length = new ErrorCodec(code, text).encode(body, 0);
        return agent.sendResponse(requester, FrameFlyweight.ERROR, messageType, correlationId, body, 0, length);
    }
}
