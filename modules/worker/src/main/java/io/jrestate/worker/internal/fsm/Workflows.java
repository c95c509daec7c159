package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.ServiceType;

/**
 * Workflow rules the state machine applies besides the object lock (spec section 4.2, checked against
 * restate-server 1.7.12):
 *
 * <pre>
 *  event                                     result
 *  ----------------------------------------  -------------------------------------------------------------
 *  second Invoke of a run, with a response   the caller gets {409, "the workflow method was already
 *  sink (call), running or completed         invoked"}; the first run goes on untouched
 *  second Invoke of a run without a sink     nothing (the ingress answers /send with PreviouslyAccepted)
 *  run completes                             cleanup timer at completion + workflow completion retention
 *  cleanup timer fires / purge               the run's row, the workflow key's state and its promises go
 * </pre>
 */
final class Workflows {
    /** The failure a duplicate run submission gets. */
    static final String ALREADY_INVOKED = "the workflow method was already invoked";

    private Workflows() {
    }

    /** Whether the target is the run handler of a workflow. */
    static boolean isRun(final InvocationTarget target) {
        return target.getServiceType() == ServiceType.WORKFLOW && target.getHandlerType() == HandlerType.WORKFLOW_RUN;
    }

    /** Removes a completed invocation; for a workflow run also the key's state and promises. */
    static void removeCompleted(final ApplyContext ctx, final InvocationStatus status) {
        ctx.state.removeInvocation(status.id);
        if (isRun(status.target)) {
            final ObjectKey workflow = status.objectKey();
            ctx.state.clearAllState(workflow);
            ctx.state.clearPromises(workflow);
        }
    }
}
