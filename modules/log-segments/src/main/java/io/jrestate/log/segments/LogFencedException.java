package io.jrestate.log.segments;

/**
 * The store stopped acknowledging after a failed write or fsync: what was written since the last successful
 * fsync is in an unknown state (Linux may have dropped it while marking it clean). Nothing more is acknowledged;
 * close the store and open it again to recover from the last durable point.
 */
public final class LogFencedException extends LogStoreException {
    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the I/O error that fenced the store
     */
    public LogFencedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
