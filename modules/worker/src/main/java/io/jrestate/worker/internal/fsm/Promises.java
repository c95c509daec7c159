package io.jrestate.worker.internal.fsm;

import io.jrestate.service.protocol.pb.CompletePromiseCommandMessage;
import io.jrestate.service.protocol.pb.GetPromiseCommandMessage;
import io.jrestate.service.protocol.pb.PeekPromiseCommandMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable promises of workflows (spec section 1.10): {@code GetPromise} completes when the promise is resolved
 * (at once if it already is), {@code PeekPromise} answers right away (void while pending), {@code
 * CompletePromise} resolves it once and wakes every waiter.
 *
 * <pre>
 *  command          promise pending                          promise completed
 *  ---------------  ---------------------------------------  ----------------------------------------------
 *  GetPromise       add waiter (invocation, completion id)   0x8009 with the value / failure
 *  PeekPromise      0x800A void                              0x800A with the value / failure
 *  CompletePromise  set result; 0x800B void to the caller;   0x800B failure {409, "promise was already
 *                   0x8009 to every waiter                   completed"} (the reference's answer)
 * </pre>
 *
 * <p>All invocations of one workflow key share its partition key, so every waiter is in this partition.
 * Promise commands outside workflows were refused by the proposer; if one still arrives it is only journaled.
 */
final class Promises {
    /** The failure of a second completion, as the reference server answers it. */
    static final String ALREADY_COMPLETED = "promise was already completed";
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;

    Promises(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    void get(final InvocationStatus status, final GetPromiseCommandMessage get) {
        final ObjectKey workflow = status.objectKey();
        if (workflow == null) {
            return;
        }
        final int id = get.getResultCompletionId();
        final DurablePromise promise = ctx.state.promise(workflow, get.getKey());
        if (promise != null && promise.isCompleted()) {
            lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.GET_PROMISE_COMPLETION, id,
                    promise.result()), id);
            return;
        }
        final List<DurablePromise.Waiter> waiters = new ArrayList<>(promise == null ? List.of() : promise.waiters());
        waiters.add(new DurablePromise.Waiter(status.id, id));
        ctx.state.putPromise(workflow, get.getKey(), new DurablePromise(null, waiters));
    }

    void peek(final InvocationStatus status, final PeekPromiseCommandMessage peek) {
        final ObjectKey workflow = status.objectKey();
        if (workflow == null) {
            return;
        }
        final int id = peek.getResultCompletionId();
        final DurablePromise promise = ctx.state.promise(workflow, peek.getKey());
        lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.PEEK_PROMISE_COMPLETION, id,
                promise == null ? null : promise.result()), id);
    }

    void complete(final InvocationStatus status, final CompletePromiseCommandMessage complete) {
        final ObjectKey workflow = status.objectKey();
        if (workflow == null) {
            return;
        }
        final int id = complete.getResultCompletionId();
        final DurablePromise promise = ctx.state.promise(workflow, complete.getKey());
        if (promise != null && promise.isCompleted()) {
            lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.COMPLETE_PROMISE_COMPLETION, id,
                    CompletionResult.failure(409, ALREADY_COMPLETED)), id);
            return;
        }
        final CompletionResult result = complete.hasCompletionFailure()
                ? new CompletionResult(null, CommandInterpreter.toWal(complete.getCompletionFailure()))
                : CompletionResult.success(complete.getCompletionValue().getContent());
        ctx.state.putPromise(workflow, complete.getKey(), new DurablePromise(result, List.of()));
        lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.COMPLETE_PROMISE_COMPLETION, id, null),
                id);
        for (final DurablePromise.Waiter waiter : promise == null ? List.<DurablePromise.Waiter>of()
                : promise.waiters()) {
            final InvocationStatus waiting = ctx.state.invocation(waiter.invocation());
            if (waiting != null && waiting.phase != Phase.COMPLETED) {
                lifecycle.notifyCompletion(waiting, Entries.completion(EntryTypes.GET_PROMISE_COMPLETION,
                        waiter.completionId(), result), waiter.completionId());
            }
        }
    }
}
