package io.jrestate.worker.internal.fsm;

/** Where an invocation is in its life; the names are the status values the admin API shows. */
public enum Phase {
    /** Waiting for its execution time (a delayed send). */
    SCHEDULED("scheduled"),
    /** Waiting in the inbox of a virtual object key for the key's lock. */
    INBOXED("inboxed"),
    /** An attempt is running or about to start. */
    INVOKED("running"),
    /** The last attempt suspended; waiting for a completion or signal. */
    SUSPENDED("suspended"),
    /** The last attempt failed; a retry timer is armed. */
    BACKING_OFF("backing-off"),
    /** Retries stopped (max attempts with on-max-attempts=pause, or a pause behaviour); waits for resume. */
    PAUSED("paused"),
    /** Finished with a value or a failure. */
    COMPLETED("completed");

    private final String statusName;

    Phase(final String statusName) {
        this.statusName = statusName;
    }

    /**
     * Returns the status name the reference server shows for this phase.
     *
     * @return e.g. {@code backing-off}
     */
    public String statusName() {
        return statusName;
    }
}
