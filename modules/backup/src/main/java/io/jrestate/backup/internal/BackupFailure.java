package io.jrestate.backup.internal;

/** A backup that cannot be completed; the message says why and what to do. */
final class BackupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    BackupFailure(final String message) {
        super(message);
    }

    BackupFailure(final String message, final Throwable cause) {
        super(message, cause);
    }
}
