package io.jrestate.service.protocol;

/**
 * A violation of the service invocation protocol: a bad frame header, an unknown message type, a payload that
 * does not parse, a message larger than the limit, or a message that is not allowed at this point.
 *
 * <p>The message always names what was wrong (type code, length, limit, frame number) so that a log line is
 * enough to understand a failed attempt. The server treats it as a retryable attempt failure.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending value
     */
    public ProtocolException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong, naming the offending value
     * @param cause the underlying parse error
     */
    public ProtocolException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
