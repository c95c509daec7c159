package io.jrestate.log.segments;

/** An append to a sealed log. */
public final class LogSealedException extends LogStoreException {
    /**
     * Creates the exception.
     *
     * @param logId the sealed log
     */
    public LogSealedException(final long logId) {
        super("log " + logId + " is sealed");
    }
}
