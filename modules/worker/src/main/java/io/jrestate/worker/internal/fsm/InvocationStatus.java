package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ResponseSink;
import io.jrestate.worker.internal.wal.Suspended;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the invocation status table, with the invocation's journal.
 *
 * <p>Only the state machine mutates it, on the partition's thread; other components read it through the
 * accessors on the same thread.
 */
public final class InvocationStatus {
    final InvocationKey id;
    final InvocationTarget target;
    final InvocationOptions options;
    final String idempotencyKey;
    final ByteString invokedBy;
    final long createdAtMs;
    Phase phase;
    long modifiedAtMs;
    final List<JournalEntry> journal = new ArrayList<>();
    int commandCount;
    final List<ResponseSink> sinks = new ArrayList<>(1);
    final Set<Integer> arrivedCompletions = new HashSet<>();
    final Set<Integer> arrivedSignals = new HashSet<>();
    final Set<String> arrivedNamedSignals = new HashSet<>();
    Suspended waitingFor;
    int attempt;
    int failedAttemptsSinceProgress;
    long lastEntryAtMs;
    AttemptFailed lastFailure;
    long nextRetryAtMs;
    String pinnedDeployment = "";
    CompletionResult pendingOutput;
    CompletionResult result;
    long completedAtMs;
    long executeAtMs;
    /**
     * Bookkeeping, not row data: the {@link CowHashMap} generation this object was created in. When a snapshot
     * capture may still read it, the tables hand out a copy for changes instead (see
     * {@link InMemoryPartitionState}).
     */
    long cowGeneration;

    InvocationStatus(final InvocationKey id, final InvocationTarget target, final InvocationOptions options,
            final String idempotencyKey, final ByteString invokedBy, final long createdAtMs) {
        this.id = id;
        this.target = target;
        this.options = options;
        this.idempotencyKey = idempotencyKey;
        this.invokedBy = invokedBy;
        this.createdAtMs = createdAtMs;
        this.modifiedAtMs = createdAtMs;
        this.lastEntryAtMs = createdAtMs;
    }

    /**
     * The invocation id.
     *
     * @return the id
     */
    public InvocationKey id() {
        return id;
    }

    /**
     * The invoked service, handler and key.
     *
     * @return the target
     */
    public InvocationTarget target() {
        return target;
    }

    /**
     * Where the invocation is in its life.
     *
     * @return the phase
     */
    public Phase phase() {
        return phase;
    }

    /**
     * The result, once completed.
     *
     * @return the result, or null while not completed
     */
    public CompletionResult result() {
        return result;
    }

    /**
     * When the invocation completed.
     *
     * @return ms since the Unix epoch, 0 while not completed
     */
    public long completedAtMs() {
        return completedAtMs;
    }

    /**
     * When the invocation was created.
     *
     * @return ms since the Unix epoch
     */
    public long createdAtMs() {
        return createdAtMs;
    }

    /**
     * The current attempt number (1 for the first attempt, 0 before any).
     *
     * @return the attempt number
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The journal so far (commands and notifications in append order).
     *
     * @return an unmodifiable view
     */
    public List<JournalEntry> journal() {
        return java.util.Collections.unmodifiableList(journal);
    }

    /**
     * The last failure of an attempt, for introspection.
     *
     * @return the failure, or null
     */
    public AttemptFailed lastFailure() {
        return lastFailure;
    }

    /**
     * Failed attempts since the journal last grew.
     *
     * @return the count
     */
    public int failedAttemptsSinceProgress() {
        return failedAttemptsSinceProgress;
    }

    /**
     * The idempotency key, empty when none.
     *
     * @return the key
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * The object this invocation runs on, or null for services.
     *
     * @return the object key
     */
    public ObjectKey objectKey() {
        return target.getServiceType() == io.jrestate.worker.internal.wal.ServiceType.SERVICE
                ? null : new ObjectKey(target.getService(), target.getKey());
    }

    @Override
    public String toString() {
        return "Invocation[" + id + " " + target.getService() + "/" + target.getHandler() + " " + phase + "]";
    }
}
