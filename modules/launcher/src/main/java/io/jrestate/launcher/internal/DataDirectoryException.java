package io.jrestate.launcher.internal;

/** The node's data directory cannot be used: locked by another process, or it belongs to another node. */
public final class DataDirectoryException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the directory and what to do
     */
    public DataDirectoryException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, naming the directory
     * @param cause the I/O failure
     */
    public DataDirectoryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
