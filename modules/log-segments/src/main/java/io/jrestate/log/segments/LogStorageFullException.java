package io.jrestate.log.segments;

/**
 * The journal could not create its next segment because the disk is full. Nothing of the failed appends was
 * written; the store stays usable and appends succeed again once space returns.
 */
public final class LogStorageFullException extends LogStoreException {
    /**
     * Creates the exception.
     *
     * @param message what could not be created
     * @param cause the ENOSPC error
     */
    public LogStorageFullException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
