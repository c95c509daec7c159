package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.snapshot.rows.InvocationRow;
import io.jrestate.worker.internal.snapshot.rows.Result;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts invocation status rows to and from their snapshot form ({@link InvocationRow}). It lives in this
 * package because the row's fields are package-private: only the state machine mutates them.
 *
 * <p>{@link #FIELDS} lists every field of {@link InvocationStatus} this conversion carries; a test compares it
 * with the class's declared fields, so a field added to the status row without a snapshot mapping fails the build
 * instead of being silently lost on restart.
 */
public final class InvocationRows {
    /** The names of the {@link InvocationStatus} fields carried by a snapshot row. */
    public static final Set<String> FIELDS = Set.of("id", "target", "options", "idempotencyKey", "invokedBy",
            "createdAtMs", "phase", "modifiedAtMs", "journal", "commandCount", "sinks", "arrivedCompletions",
            "arrivedSignals", "arrivedNamedSignals", "waitingFor", "attempt", "failedAttemptsSinceProgress",
            "lastEntryAtMs", "lastFailure", "nextRetryAtMs", "pinnedDeployment", "pendingOutput", "result",
            "completedAtMs", "executeAtMs");
    /** The {@link InvocationStatus} fields that are bookkeeping of the tables, not part of the row. */
    public static final Set<String> NOT_ROW_DATA = Set.of("cowGeneration");

    private InvocationRows() {
    }

    /**
     * The snapshot form of a status row.
     *
     * @param s the row
     * @return its snapshot form (a copy: later changes to {@code s} do not affect it)
     */
    public static InvocationRow toRow(final InvocationStatus s) {
        final InvocationRow.Builder b = InvocationRow.newBuilder().setId(s.id.toByteString()).setTarget(s.target)
                .setOptions(s.options).setIdempotencyKey(s.idempotencyKey).setInvokedBy(s.invokedBy)
                .setCreatedAtMs(s.createdAtMs).setPhase(s.phase == null ? "" : s.phase.name())
                .setModifiedAtMs(s.modifiedAtMs).addAllJournal(s.journal).setCommandCount(s.commandCount)
                .addAllSinks(s.sinks).addAllArrivedCompletions(new TreeSet<>(s.arrivedCompletions))
                .addAllArrivedSignals(new TreeSet<>(s.arrivedSignals))
                .addAllArrivedNamedSignals(new TreeSet<>(s.arrivedNamedSignals)).setAttempt(s.attempt)
                .setFailedAttemptsSinceProgress(s.failedAttemptsSinceProgress).setLastEntryAtMs(s.lastEntryAtMs)
                .setNextRetryAtMs(s.nextRetryAtMs).setPinnedDeployment(s.pinnedDeployment)
                .setCompletedAtMs(s.completedAtMs).setExecuteAtMs(s.executeAtMs);
        if (s.waitingFor != null) {
            b.setWaitingFor(s.waitingFor);
        }
        if (s.lastFailure != null) {
            b.setLastFailure(s.lastFailure);
        }
        if (s.pendingOutput != null) {
            b.setPendingOutput(toResult(s.pendingOutput));
        }
        if (s.result != null) {
            b.setResult(toResult(s.result));
        }
        return b.build();
    }

    /**
     * A deep copy of a status row (through its snapshot form, so every field {@link #FIELDS} maps is copied).
     *
     * @param s the row
     * @return an independent copy
     */
    static InvocationStatus copyOf(final InvocationStatus s) {
        return fromRow(toRow(s));
    }

    /**
     * Rebuilds a status row from its snapshot form.
     *
     * @param row the snapshot form
     * @return the row
     * @throws IllegalArgumentException when the row names an unknown phase or has a malformed id
     */
    public static InvocationStatus fromRow(final InvocationRow row) {
        final InvocationStatus s = new InvocationStatus(InvocationKey.fromBytes(row.getId()), row.getTarget(),
                row.getOptions(), row.getIdempotencyKey(), row.getInvokedBy(), row.getCreatedAtMs());
        s.phase = row.getPhase().isEmpty() ? null : Phase.valueOf(row.getPhase());
        s.modifiedAtMs = row.getModifiedAtMs();
        s.journal.addAll(row.getJournalList());
        s.commandCount = row.getCommandCount();
        s.sinks.addAll(row.getSinksList());
        s.arrivedCompletions.addAll(row.getArrivedCompletionsList());
        s.arrivedSignals.addAll(row.getArrivedSignalsList());
        s.arrivedNamedSignals.addAll(row.getArrivedNamedSignalsList());
        s.waitingFor = row.hasWaitingFor() ? row.getWaitingFor() : null;
        s.attempt = row.getAttempt();
        s.failedAttemptsSinceProgress = row.getFailedAttemptsSinceProgress();
        s.lastEntryAtMs = row.getLastEntryAtMs();
        s.lastFailure = row.hasLastFailure() ? row.getLastFailure() : null;
        s.nextRetryAtMs = row.getNextRetryAtMs();
        s.pinnedDeployment = row.getPinnedDeployment();
        s.pendingOutput = row.hasPendingOutput() ? fromResult(row.getPendingOutput()) : null;
        s.result = row.hasResult() ? fromResult(row.getResult()) : null;
        s.completedAtMs = row.getCompletedAtMs();
        s.executeAtMs = row.getExecuteAtMs();
        return s;
    }

    private static Result toResult(final CompletionResult r) {
        return r.isSuccess() ? Result.newBuilder().setValue(r.value()).build()
                : Result.newBuilder().setFailure(r.failure()).build();
    }

    private static CompletionResult fromResult(final Result r) {
        return switch (r.getKindCase()) {
            case VALUE -> CompletionResult.success(r.getValue());
            case FAILURE -> new CompletionResult(null, r.getFailure());
            case KIND_NOT_SET -> throw new IllegalArgumentException("invocation result row has neither value nor "
                    + "failure");
        };
    }

    /**
     * Whether two rows hold the same values in every carried field (for tests and verification).
     *
     * @param a one row
     * @param b another row
     * @return true when their snapshot forms are equal
     */
    public static boolean sameRow(final InvocationStatus a, final InvocationStatus b) {
        return toRow(a).equals(toRow(b));
    }
}
