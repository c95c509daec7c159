package io.jrestate.log.server;

/**
 * The status a log server answers a request with (the first byte after the version in every response header).
 * The codes are part of the wire format: never renumber them.
 */
public enum LogletStatus {
    /** Done: stored, sealed, trimmed, found. */
    OK(0),
    /** The log server cannot serve (its storage failed and was fenced, or it is stopping). */
    DISABLED(1),
    /** Not done and guaranteed not persisted: load shed, expired before it was handled, or too many waiters. */
    DROPPED(2),
    /** The loglet is sealed: stores are refused. */
    SEALED(3),
    /** A seal of the loglet is in progress: stores are refused. */
    SEALING(4),
    /** The store names another sequencer than the one this log server recorded for the loglet. */
    SEQUENCER_MISMATCH(5),
    /** The offsets cannot be taken here: below the local tail and not all stored (see the store rules). */
    OUT_OF_BOUNDS(6),
    /** The request could not be decoded; nothing was done. */
    MALFORMED(7);

    private final int code;

    LogletStatus(final int code) {
        this.code = code;
    }

    /**
     * The wire code.
     *
     * @return 0 to 7
     */
    public int code() {
        return code;
    }

    /**
     * The status with a wire code.
     *
     * @param code the code
     * @return the status
     * @throws MalformedMessageException when no status has that code
     */
    public static LogletStatus ofCode(final int code) {
        for (final LogletStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new MalformedMessageException("unknown loglet status code " + code);
    }
}
