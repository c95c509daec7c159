package io.jrestate.worker.internal.fsm;

import java.util.List;

/**
 * One row of the promise table: a workflow's named durable promise (spec section 1.10).
 *
 * <pre>
 *  key                                   value
 *  ------------------------------------  ------------------------------------------------------------
 *  (workflow name, workflow key), name   result (null while pending), invocations awaiting it (GetPromise)
 * </pre>
 *
 * <p>A promise resolves once: the first {@code CompletePromise} sets the result and completes every waiter;
 * later ones fail with {@code {409, "promise was already completed"}} as in the reference server. The row lives
 * until the workflow's run is cleaned up (completion retention) or purged.
 *
 * @param result the value or failure, null while pending
 * @param waiters the invocations whose {@code GetPromise} waits, in arrival order (empty once resolved)
 */
public record DurablePromise(CompletionResult result, List<Waiter> waiters) {
    /** Copies the waiter list. */
    public DurablePromise {
        waiters = List.copyOf(waiters);
    }

    /**
     * An invocation waiting for a promise.
     *
     * @param invocation the waiting invocation (the run or a shared handler of the same workflow key)
     * @param completionId the {@code result_completion_id} of its {@code GetPromise} command
     */
    public record Waiter(InvocationKey invocation, int completionId) {
    }

    /**
     * Whether the promise has a result.
     *
     * @return true once completed
     */
    public boolean isCompleted() {
        return result != null;
    }
}
