package io.jrestate.log.segments;

/** Base of the errors a {@link LogStore} reports, directly or through a failed future. */
public class LogStoreException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what failed, naming the store, log, segment or LSN
     * @param cause the underlying error, or null
     */
    public LogStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public LogStoreException(final String message) {
        super(message);
    }
}
