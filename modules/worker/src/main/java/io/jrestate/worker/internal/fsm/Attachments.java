package io.jrestate.worker.internal.fsm;

import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.service.protocol.pb.IdempotentRequestTarget;
import io.jrestate.service.protocol.pb.WorkflowTarget;
import io.jrestate.worker.internal.wal.AttachRequest;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.InvocationResponse;
import io.jrestate.worker.internal.wal.ResponseSink;

/**
 * {@code AttachInvocation} (0x0412) and {@code GetInvocationOutput} (0x0413) from an SDK: the target (by id, by
 * idempotency key, or a workflow run) is resolved to its deterministic id and an {@code AttachRequest} goes to
 * the target's partition, which answers like this (checked against 1.7.12 with the TS SDK):
 *
 * <pre>
 *  target        attach (0x8012)                          get output (0x8013)
 *  ------------  ---------------------------------------  ------------------------------
 *  unknown       failure {404, "not found"}               failure {404, "not found"}
 *  completed     its result (value or failure)            its result
 *  not yet       result when it completes (a sink)        void
 * </pre>
 */
final class Attachments {
    static final String NOT_FOUND = "not found";
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;

    Attachments(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    /** Sends the attach request of a journaled command; targets that do not parse were refused by the proposer. */
    void request(final InvocationStatus caller, final InvocationId target, final int completionId,
            final boolean outputOnly) {
        final ResponseSink sink = ResponseSink.newBuilder().setCallerInvocationId(caller.id.toByteString())
                .setCompletionId(completionId).setNotificationType(outputOnly
                        ? EntryTypes.GET_INVOCATION_OUTPUT_COMPLETION : EntryTypes.ATTACH_INVOCATION_COMPLETION)
                .build();
        lifecycle.route(target.partitionKey(), Command.newBuilder().setAttachRequest(AttachRequest.newBuilder()
                .setInvocationId(InvocationKey.of(target).toByteString()).setSink(sink).setOutputOnly(outputOnly))
                .build());
    }

    /** Applies an attach request on the target's partition. */
    void onRequest(final AttachRequest request) {
        final InvocationKey id = InvocationKey.fromBytes(request.getInvocationId());
        final InvocationStatus target = ctx.state.invocation(id);
        if (target == null) {
            lifecycle.respond(request.getSink(), id, CompletionResult.failure(404, NOT_FOUND));
        } else if (target.phase == Phase.COMPLETED) {
            lifecycle.respond(request.getSink(), id, target.result);
        } else if (request.getOutputOnly()) {
            final InvocationKey caller = InvocationKey.fromBytes(request.getSink().getCallerInvocationId());
            lifecycle.route(caller.partitionKey(), Command.newBuilder().setInvocationResponse(InvocationResponse
                    .newBuilder().setSink(request.getSink()).setCalleeInvocationId(id.toByteString())
                    .setNotReady(true)).build());
        } else {
            target.sinks.add(request.getSink());
        }
    }

    /**
     * Resolves an attach target to the invocation id.
     *
     * @return the id, or null when an invocation id does not parse
     */
    static InvocationId resolve(final String invocationId, final IdempotentRequestTarget idempotent,
            final WorkflowTarget workflow) {
        if (workflow != null) {
            return InvocationId.forWorkflowRun(workflow.getWorkflowName(), workflow.getWorkflowKey());
        }
        if (idempotent != null) {
            return InvocationId.forIdempotentRequest(idempotent.getServiceName(),
                    idempotent.hasServiceKey() ? idempotent.getServiceKey() : null, idempotent.getHandlerName(),
                    idempotent.getIdempotencyKey());
        }
        try {
            return InvocationId.parse(invocationId);
        } catch (final IdFormatException e) {
            return null;
        }
    }
}
