package io.jrestate.log.segments;

/** The store was closed before the operation completed. */
public final class LogClosedException extends LogStoreException {
    /**
     * Creates the exception.
     *
     * @param message what was refused
     */
    public LogClosedException(final String message) {
        super(message);
    }
}
