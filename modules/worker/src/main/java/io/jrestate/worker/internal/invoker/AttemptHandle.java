package io.jrestate.worker.internal.invoker;

import io.jrestate.worker.internal.wal.JournalEntry;

/** Control of a running attempt. Methods may be called from any thread and are no-ops once it ended. */
public interface AttemptHandle {
    /**
     * Sends a durable notification on the attempt's open stream (bidi mode only; ignored otherwise).
     *
     * @param notification the journal entry
     */
    void sendNotification(JournalEntry notification);

    /** Aborts the attempt (resets the stream); no further events are reported. */
    void abort();
}
