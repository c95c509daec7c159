package io.jrestate.worker.internal.processor;

import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.ServiceType;

/**
 * The ingress side of the workflow run rule: a call to {@code run} for a key whose run exists (running or
 * retained after completion), or whose first call is still being appended, is answered at once with
 * {@code {409, "the workflow method was already invoked"}} and appends nothing (checked against 1.7.12; a
 * {@code /send} answers {@code PreviouslyAccepted} instead).
 */
final class WorkflowCalls {
    static final PartitionProcessor.Completed ALREADY_INVOKED = new PartitionProcessor.Completed(
            CompletionResult.failure(409, "the workflow method was already invoked"), 0, false);

    private WorkflowCalls() {
    }

    static boolean isRun(final Envelope record) {
        final InvocationTarget target = record.getCommand().getInvoke().getTarget();
        return target.getServiceType() == ServiceType.WORKFLOW && target.getHandlerType() == HandlerType.WORKFLOW_RUN;
    }
}
