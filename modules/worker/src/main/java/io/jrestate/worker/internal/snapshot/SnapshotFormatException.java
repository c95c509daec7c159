package io.jrestate.worker.internal.snapshot;

import java.io.IOException;

/** A snapshot body that does not decode: the message names the table and what is wrong. */
public final class SnapshotFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what is wrong, naming the table or header field
     */
    public SnapshotFormatException(final String message) {
        super(message);
    }
}
