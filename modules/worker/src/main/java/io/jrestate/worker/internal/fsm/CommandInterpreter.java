package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.service.protocol.pb.AttachInvocationCommandMessage;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.ClearStateCommandMessage;
import io.jrestate.service.protocol.pb.CompleteAwakeableCommandMessage;
import io.jrestate.service.protocol.pb.CompletePromiseCommandMessage;
import io.jrestate.service.protocol.pb.GetPromiseCommandMessage;
import io.jrestate.service.protocol.pb.PeekPromiseCommandMessage;
import io.jrestate.service.protocol.pb.SendSignalCommandMessage;
import io.jrestate.service.protocol.pb.GetInvocationOutputCommandMessage;
import io.jrestate.service.protocol.pb.GetLazyStateCommandMessage;
import io.jrestate.service.protocol.pb.GetLazyStateKeysCommandMessage;
import io.jrestate.service.protocol.pb.Header;
import io.jrestate.service.protocol.pb.OneWayCallCommandMessage;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Failure;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ResolvedCall;
import io.jrestate.worker.internal.wal.ResponseSink;
import io.jrestate.worker.internal.wal.TimerKind;
import java.util.List;

/**
 * The server's obligations per journal command (spec section 1.9): journal it, then act on it.
 *
 * <p>The proposer validated the entry before appending it (known target, state access allowed, parsable
 * payload); an entry that still fails to parse is journaled and otherwise ignored, the same way on every
 * replica.
 */
final class CommandInterpreter {
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;
    private final Promises promises;

    CommandInterpreter(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.promises = new Promises(ctx, lifecycle);
    }

    void apply(final InvocationStatus status, final JournalEntry entry, final ResolvedCall resolvedCall) {
        try {
            if (entry.getType() == EntryTypes.PROPOSE_RUN_COMPLETION) {
                proposeRunCompletion(status, ProposeRunCompletionMessage.parseFrom(entry.getPayload()));
                return;
            }
            if (!EntryTypes.isCommand(entry.getType())) {
                return;
            }
            lifecycle.append(status, entry);
            interpret(status, entry, resolvedCall);
        } catch (final InvalidProtocolBufferException e) {
            // Journaled (or dropped for a proposal) without effect; the SDK's next replay shows the same bytes.
            return;
        }
    }

    private void interpret(final InvocationStatus status, final JournalEntry entry, final ResolvedCall call)
            throws InvalidProtocolBufferException {
        final ByteString payload = entry.getPayload();
        switch (entry.getType()) {
            case EntryTypes.OUTPUT -> output(status, OutputCommandMessage.parseFrom(payload));
            case EntryTypes.GET_LAZY_STATE -> {
                final GetLazyStateCommandMessage get = GetLazyStateCommandMessage.parseFrom(payload);
                final ObjectKey object = objectOf(status);
                final ByteString value = object == null ? null : ctx.state.stateOf(object).get(get.getKey());
                lifecycle.notifyCompletion(status, Entries.lazyState(get.getResultCompletionId(), value),
                        get.getResultCompletionId());
            }
            case EntryTypes.GET_LAZY_STATE_KEYS -> {
                final int id = GetLazyStateKeysCommandMessage.parseFrom(payload).getResultCompletionId();
                final ObjectKey object = objectOf(status);
                final Iterable<ByteString> keys = object == null ? List.of() : ctx.state.stateOf(object).keySet();
                lifecycle.notifyCompletion(status, Entries.stateKeys(id, keys), id);
            }
            case EntryTypes.SET_STATE -> {
                final SetStateCommandMessage set = SetStateCommandMessage.parseFrom(payload);
                final ObjectKey object = Lifecycle.lockedObject(status.target);
                if (object != null) {
                    ctx.state.putState(object, set.getKey(), set.getValue().getContent());
                }
            }
            case EntryTypes.CLEAR_STATE -> {
                final ObjectKey object = Lifecycle.lockedObject(status.target);
                if (object != null) {
                    ctx.state.clearState(object, ClearStateCommandMessage.parseFrom(payload).getKey());
                }
            }
            case EntryTypes.CLEAR_ALL_STATE -> {
                final ObjectKey object = Lifecycle.lockedObject(status.target);
                if (object != null) {
                    ctx.state.clearAllState(object);
                }
            }
            case EntryTypes.SLEEP -> {
                final SleepCommandMessage sleep = SleepCommandMessage.parseFrom(payload);
                lifecycle.addTimer(new Timer(sleep.getWakeUpTime(), status.id, TimerKind.TIMER_SLEEP,
                        sleep.getResultCompletionId()));
            }
            case EntryTypes.CALL -> call(status, CallCommandMessage.parseFrom(payload), call);
            case EntryTypes.ONE_WAY_CALL -> oneWayCall(status, OneWayCallCommandMessage.parseFrom(payload), call);
            case EntryTypes.SEND_SIGNAL -> Signals.sendSignal(lifecycle, SendSignalCommandMessage.parseFrom(payload));
            case EntryTypes.COMPLETE_AWAKEABLE -> Signals.completeAwakeable(lifecycle,
                    CompleteAwakeableCommandMessage.parseFrom(payload));
            case EntryTypes.ATTACH_INVOCATION -> {
                final AttachInvocationCommandMessage attach = AttachInvocationCommandMessage.parseFrom(payload);
                attach(status, Attachments.resolve(attach.getInvocationId(), attach.hasIdempotentRequestTarget()
                        ? attach.getIdempotentRequestTarget() : null, attach.hasWorkflowTarget()
                        ? attach.getWorkflowTarget() : null), attach.getResultCompletionId(), false);
            }
            case EntryTypes.GET_INVOCATION_OUTPUT -> {
                final GetInvocationOutputCommandMessage get = GetInvocationOutputCommandMessage.parseFrom(payload);
                attach(status, Attachments.resolve(get.getInvocationId(), get.hasIdempotentRequestTarget()
                        ? get.getIdempotentRequestTarget() : null, get.hasWorkflowTarget()
                        ? get.getWorkflowTarget() : null), get.getResultCompletionId(), true);
            }
            case EntryTypes.GET_PROMISE -> promises.get(status, GetPromiseCommandMessage.parseFrom(payload));
            case EntryTypes.PEEK_PROMISE -> promises.peek(status, PeekPromiseCommandMessage.parseFrom(payload));
            case EntryTypes.COMPLETE_PROMISE -> promises.complete(status,
                    CompletePromiseCommandMessage.parseFrom(payload));
            default -> {
                // Run, eager state reads and custom entries only need to be journaled.
            }
        }
    }

    private void attach(final InvocationStatus status, final io.jrestate.common.ids.InvocationId target,
            final int completionId, final boolean outputOnly) {
        if (target != null) {
            lifecycle.attachments().request(status, target, completionId, outputOnly);
        }
    }

    private static ObjectKey objectOf(final InvocationStatus status) {
        return status.objectKey();
    }

    private void output(final InvocationStatus status, final OutputCommandMessage output) {
        status.pendingOutput = output.hasFailure()
                ? new CompletionResult(null, toWal(output.getFailure()))
                : CompletionResult.success(output.getValue().getContent());
    }

    private void proposeRunCompletion(final InvocationStatus status, final ProposeRunCompletionMessage proposal) {
        final int id = proposal.getResultCompletionId();
        if (status.arrivedCompletions.contains(id)) {
            return;
        }
        final CompletionResult result = proposal.hasFailure()
                ? new CompletionResult(null, toWal(proposal.getFailure()))
                : CompletionResult.success(proposal.getValue());
        lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.RUN_COMPLETION, id, result), id);
    }

    private void call(final InvocationStatus status, final CallCommandMessage call, final ResolvedCall resolved) {
        if (resolved == null) {
            return;
        }
        final ResponseSink sink = ResponseSink.newBuilder().setCallerInvocationId(status.id.toByteString())
                .setCompletionId(call.getResultCompletionId()).setNotificationType(EntryTypes.CALL_COMPLETION)
                .build();
        final Invoke.Builder invoke = newInvoke(status, resolved, call.getParameter(), call.getHeadersList())
                .setResponseSink(sink).setIdempotencyKey(call.getIdempotencyKey());
        dispatch(status, resolved, invoke.build(), call.getInvocationIdNotificationIdx());
    }

    private void oneWayCall(final InvocationStatus status, final OneWayCallCommandMessage call,
            final ResolvedCall resolved) {
        if (resolved == null) {
            return;
        }
        final Invoke.Builder invoke = newInvoke(status, resolved, call.getParameter(), call.getHeadersList())
                .setExecuteAtMs(call.getInvokeTime()).setIdempotencyKey(call.getIdempotencyKey());
        dispatch(status, resolved, invoke.build(), call.getInvocationIdNotificationIdx());
    }

    private Invoke.Builder newInvoke(final InvocationStatus caller, final ResolvedCall resolved,
            final ByteString parameter, final List<Header> headers) {
        final Invoke.Builder invoke = Invoke.newBuilder().setInvocationId(resolved.getCalleeInvocationId())
                .setTarget(resolved.getTarget()).setOptions(resolved.getOptions()).setArgument(parameter)
                .setInvokedBy(caller.id.toByteString());
        for (final Header header : headers) {
            invoke.addHeaders(io.jrestate.worker.internal.wal.Header.newBuilder().setKey(header.getKey())
                    .setValue(header.getValue()));
        }
        return invoke;
    }

    private void dispatch(final InvocationStatus caller, final ResolvedCall resolved, final Invoke invoke,
            final int idNotification) {
        final InvocationKey callee = InvocationKey.fromBytes(resolved.getCalleeInvocationId());
        lifecycle.notifyCompletion(caller,
                Entries.invocationId(idNotification, ctx.config.idFormatter().apply(callee)), idNotification);
        lifecycle.route(callee.partitionKey(), Command.newBuilder().setInvoke(invoke).build());
    }

    static Failure toWal(final io.jrestate.service.protocol.pb.Failure failure) {
        return Failure.newBuilder().setCode(failure.getCode()).setMessage(failure.getMessage()).build();
    }
}
