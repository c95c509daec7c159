package io.jrestate.worker;

import io.jrestate.common.ids.InvocationId;
import java.util.concurrent.CompletableFuture;

/**
 * Invocation management as the admin API offers it (cancel, kill, purge, pause, resume), served by the
 * worker that owns the invocation's partition. The outcome is decided from the invocation's phase when the
 * request reaches the partition; when the operation applies, it completes once its record is durable.
 */
public interface InvocationControl {
    /** What to do with an invocation. */
    enum Operation {
        /** Deliver the cancel signal (the handler ends with {@code {409, "Cancelled"}}). */
        CANCEL,
        /** Stop at once and complete with {@code {409, "killed"}}; callees it waits on are killed too. */
        KILL,
        /** Remove a completed invocation (and a workflow run's state and promises). */
        PURGE,
        /** Stop retrying; the invocation waits for resume. */
        PAUSE,
        /** Start a new attempt of a paused (or backing-off) invocation. */
        RESUME,
        /** Drop the journal of a completed invocation, keeping its status and result ({@code purge-journal}). */
        PURGE_JOURNAL
    }

    /** How the request was answered (the admin API maps these to the reference's status codes and bodies). */
    enum Outcome {
        /** Recorded; takes effect asynchronously (cancel or pause of a running invocation). */
        ACCEPTED,
        /** Done (kill, purge, resume, pause of a paused invocation, cancel of a scheduled or inboxed one). */
        DONE,
        /** No invocation with that id. */
        NOT_FOUND,
        /** Cancel or kill of a completed invocation. */
        ALREADY_COMPLETED,
        /** Purge (or purge-journal) of an invocation that has not completed. */
        NOT_COMPLETED,
        /** Pause of an invocation that is not running (scheduled, inboxed, completed). */
        NOT_RUNNING,
        /** Resume of a completed invocation. */
        COMPLETED_NOT_RESUMABLE,
        /** Resume of an invocation that has not started yet (scheduled, inboxed). */
        NOT_STARTED
    }

    /**
     * Applies an operation to an invocation.
     *
     * @param id the invocation
     * @param operation the operation
     * @return completes with the outcome (exceptionally when the partition cannot take the request)
     */
    CompletableFuture<Outcome> manage(InvocationId id, Operation operation);
}
