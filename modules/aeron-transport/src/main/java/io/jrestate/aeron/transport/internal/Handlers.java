package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.MessageHandler;
import io.jrestate.aeron.transport.RequestHandler;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The registered handlers by message type. Registration is rare and copies the map, so the agent thread reads a
 * stable map without locking or boxing.
 */
final class Handlers {
    private volatile Int2ObjectHashMap<MessageHandler> messageHandlers = new Int2ObjectHashMap<>();
    private volatile Int2ObjectHashMap<RequestHandler> requestHandlers = new Int2ObjectHashMap<>();

    synchronized void handle(final int messageType, final MessageHandler handler) {
        final Int2ObjectHashMap<MessageHandler> copy = new Int2ObjectHashMap<>();
        messageHandlers.forEach(copy::put);
        copy.put(messageType, handler);
        messageHandlers = copy;
    }

    synchronized void serve(final int messageType, final RequestHandler handler) {
        final Int2ObjectHashMap<RequestHandler> copy = new Int2ObjectHashMap<>();
        requestHandlers.forEach(copy::put);
        copy.put(messageType, handler);
        requestHandlers = copy;
    }

    MessageHandler messageHandler(final int messageType) {
        return messageHandlers.get(messageType);
    }

    RequestHandler requestHandler(final int messageType) {
        return requestHandlers.get(messageType);
    }
}
