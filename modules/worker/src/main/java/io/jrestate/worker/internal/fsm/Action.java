package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import java.util.List;
import java.util.Map;

/**
 * What the state machine asks the leader to do after applying a record. Followers drop actions; a new leader
 * gets the ones it needs again when it applies its own {@code AnnounceLeader}.
 */
public sealed interface Action {
    /**
     * Start an invocation attempt: open a request to the deployment and replay the journal.
     *
     * @param id the invocation
     * @param attempt the attempt number; effects must carry it
     * @param target service, handler and key
     * @param options retry policy and other settings
     * @param journal the entries to replay (the {@code known_entries})
     * @param eagerState the object's whole state for the start message, or null for partial (lazy) state
     * @param retryCountSinceLastEntry failed attempts since the journal last grew
     * @param lastEntryAtMs when the journal last grew, ms since the Unix epoch
     * @param pinnedDeployment the deployment id the invocation is pinned to, empty when none yet
     * @param idempotencyKey the idempotency key, empty when none
     */
    record StartAttempt(InvocationKey id, int attempt, InvocationTarget target, InvocationOptions options,
            List<JournalEntry> journal, Map<ByteString, ByteString> eagerState, int retryCountSinceLastEntry,
            long lastEntryAtMs, String pinnedDeployment, String idempotencyKey) implements Action {
    }

    /**
     * Send a notification that was just made durable to the invocation's open attempt, if that attempt is
     * still open.
     *
     * @param id the invocation
     * @param attempt the attempt the notification is for
     * @param notification the journal entry
     */
    record SendNotification(InvocationKey id, int attempt, JournalEntry notification) implements Action {
    }

    /**
     * Stop an attempt without waiting for its end (kill, pause, or the attempt was superseded).
     *
     * @param id the invocation
     * @param attempt the attempt
     */
    record AbortAttempt(InvocationKey id, int attempt) implements Action {
    }

    /**
     * An invocation completed: answer ingress callers and attachers waiting for it.
     *
     * @param id the invocation
     * @param result the result
     * @param completedAtMs when it completed
     */
    record InvocationCompleted(InvocationKey id, CompletionResult result, long completedAtMs) implements Action {
    }

    /**
     * Deliver an outbox message to its target partition, then truncate the outbox.
     *
     * @param index the outbox index, used as the dedup sequence number
     * @param message the message
     */
    record ShuffleOutbox(long index, OutboxMessage message) implements Action {
    }

    /**
     * Arm a timer; when due, the leader proposes {@code TimerFired}.
     *
     * @param timer the timer
     */
    record ScheduleTimer(Timer timer) implements Action {
    }
}
