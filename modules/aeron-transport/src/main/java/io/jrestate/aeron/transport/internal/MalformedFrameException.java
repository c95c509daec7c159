package io.jrestate.aeron.transport.internal;

/**
 * A frame, handshake body, error body or fragment sequence that breaks its declared layout. The decoders throw
 * only this exception for bad input, whatever the bytes are; the message names the field and the bad value.
 */
public final class MalformedFrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which field is wrong and why
     */
    public MalformedFrameException(final String message) {
        super(message);
    }
}
