package io.jrestate.log.server;

/** A log-server message that does not follow its layout; the message names the field and the problem. */
public final class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the field
     */
    public MalformedMessageException(final String message) {
        super(message);
    }
}
