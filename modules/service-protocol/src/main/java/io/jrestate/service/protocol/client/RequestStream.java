package io.jrestate.service.protocol.client;

/**
 * The request side of one exchange with a deployment. Methods may be called from any thread, never block, and
 * take effect in call order (writes made before the connection is up are queued).
 */
public interface RequestStream {
    /**
     * Sends a chunk of the request body.
     *
     * @param bytes the bytes; the stream may keep the array until it is sent, so the caller must not modify it
     */
    void write(byte[] bytes);

    /** Ends the request body: END_STREAM on HTTP/2, the last chunk on HTTP/1.1. Idempotent. */
    void end();

    /**
     * Aborts the exchange: RST_STREAM with CANCEL on HTTP/2, closing the connection on HTTP/1.1. The listener
     * then gets {@code onFailure} unless the response had already ended. Idempotent.
     */
    void reset();
}
