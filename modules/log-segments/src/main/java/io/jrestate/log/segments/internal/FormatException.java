package io.jrestate.log.segments.internal;

/** Bytes that do not decode: a torn write, corruption or a foreign file. The message names the field. */
public final class FormatException extends Exception {
    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the field and values
     */
    public FormatException(final String message) {
        super(message);
    }
}
