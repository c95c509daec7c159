package io.jrestate.worker.internal.processor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.common.ids.AwakeableId;
import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.CompleteAwakeableCommandMessage;
import io.jrestate.service.protocol.pb.SendSignalCommandMessage;
import io.jrestate.service.protocol.pb.OneWayCallCommandMessage;
import io.jrestate.worker.internal.fsm.Action;
import io.jrestate.worker.internal.fsm.EntryTypes;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.invoker.AttemptHandle;
import io.jrestate.worker.internal.invoker.AttemptListener;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Ended;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.InvokerEffect;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.PinDeployment;
import io.jrestate.worker.internal.wal.ResolvedCall;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;

/**
 * Turns one attempt's events into {@code InvokerEffect} proposals, in order, on the partition executor.
 *
 * <p>Before proposing a command it checks the preconditions the reference server checks (spec section 1.9):
 * call targets must exist and match their key rules, state writes need an exclusive handler. A failed check
 * aborts the attempt and proposes its failure instead (the invocation is retried), so the entry never reaches
 * the journal.
 */
final class AttemptBridge implements AttemptListener {
    private final ProcessorContext ctx;
    private final PartitionProcessor processor;
    private final LeaderActions leader;
    private final Action.StartAttempt start;
    private volatile AttemptHandle handle;
    private boolean ended;
    /** A deployment pin not yet proposed; touched only on the partition executor. */
    private InvokerEffect.Builder pendingPin;

    AttemptBridge(final ProcessorContext ctx, final PartitionProcessor processor, final LeaderActions leader,
            final Action.StartAttempt start) {
        this.ctx = ctx;
        this.processor = processor;
        this.leader = leader;
        this.start = start;
    }

    InvocationKey id() {
        return start.id();
    }

    int attempt() {
        return start.attempt();
    }

    AttemptHandle handle() {
        return handle;
    }

    void attach(final AttemptHandle attemptHandle) {
        this.handle = attemptHandle;
    }

    @Override
    public void onPinned(final String deploymentId, final int protocolVersion) {
        if (deploymentId.equals(start.pinnedDeployment())) {
            return;
        }
        // The pin rides with the attempt's next proposal (its first entry or its end) instead of taking a commit
        // of its own: it matters only to later attempts, and it still reaches the log before that proposal.
        onExecutor(() -> pendingPin = effect().setPinDeployment(PinDeployment.newBuilder()
                .setDeploymentId(deploymentId).setProtocolVersion(protocolVersion)));
    }

    @Override
    public void onEntry(final int type, final ByteString payload) {
        onExecutor(() -> entry(type, payload));
    }

    @Override
    public void onSuspended(final Suspended suspended) {
        onExecutor(() -> terminal(effect().setSuspended(suspended)));
    }

    @Override
    public void onEnded() {
        onExecutor(() -> terminal(effect().setEnded(Ended.getDefaultInstance())));
    }

    @Override
    public void onFailed(final AttemptFailed failure) {
        onExecutor(() -> terminal(effect().setFailed(failure)));
    }

    private void onExecutor(final Runnable task) {
        try {
            processor.executor().execute(() -> {
                if (!ended && leader.isCurrent(this)) {
                    task.run();
                }
            });
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            // An entry of this attempt was dropped, so its later entries must not be journaled: abort the attempt
            // and fail it once the partition accepts work again (the retry replays the durable journal).
            handle.abort();
            processor.executor().executeInternal(() -> {
                if (!ended && leader.isCurrent(this)) {
                    terminal(effect().setFailed(AttemptFailed.newBuilder().setCode(503)
                            .setMessage("partition overloaded, attempt aborted")));
                }
            });
        }
    }

    private void terminal(final InvokerEffect.Builder effect) {
        ended = true;
        leader.attemptEnded(this);
        propose(effect);
    }

    private void entry(final int type, final ByteString payload) {
        final InvokerEffect.Builder effect = effect().setEntry(JournalEntry.newBuilder().setType(type)
                .setPayload(payload));
        try {
            final String violation = check(type, payload, effect);
            if (violation != null) {
                handle.abort();
                terminal(effect().setFailed(AttemptFailed.newBuilder().setCode(500).setMessage(violation)
                        .setRelatedCommandType(type)));
                return;
            }
        } catch (final InvalidProtocolBufferException e) {
            handle.abort();
            terminal(effect().setFailed(AttemptFailed.newBuilder().setCode(571)
                    .setMessage("cannot decode message type 0x" + Integer.toHexString(type) + ": " + e.getMessage())));
            return;
        }
        propose(effect);
    }

    /** Returns why the entry must not be journaled, or null; adds the resolved call to the effect. */
    private String check(final int type, final ByteString payload, final InvokerEffect.Builder effect)
            throws InvalidProtocolBufferException {
        final InvocationTarget self = start.target();
        switch (type) {
            case EntryTypes.SET_STATE, EntryTypes.CLEAR_STATE, EntryTypes.CLEAR_ALL_STATE -> {
                final boolean writable = self.getServiceType() == ServiceType.VIRTUAL_OBJECT
                        && self.getHandlerType() == HandlerType.EXCLUSIVE
                        || self.getServiceType() == ServiceType.WORKFLOW
                        && self.getHandlerType() == HandlerType.WORKFLOW_RUN;
                return writable ? null : "state can only be written by exclusive handlers and workflow runs, not by "
                        + self.getService() + "/" + self.getHandler();
            }
            case EntryTypes.GET_LAZY_STATE, EntryTypes.GET_LAZY_STATE_KEYS -> {
                return self.getServiceType() == ServiceType.SERVICE
                        ? "services have no state: " + self.getService() + "/" + self.getHandler() : null;
            }
            case EntryTypes.GET_PROMISE, EntryTypes.PEEK_PROMISE, EntryTypes.COMPLETE_PROMISE -> {
                return self.getServiceType() == ServiceType.WORKFLOW ? null
                        : "promises are only available in workflows, not in " + self.getService() + "/"
                        + self.getHandler();
            }
            case EntryTypes.CALL -> {
                final CallCommandMessage call = CallCommandMessage.parseFrom(payload);
                return resolve(call.getServiceName(), call.getHandlerName(), call.getKey(),
                        call.hasIdempotencyKey() ? call.getIdempotencyKey() : null, effect);
            }
            case EntryTypes.ONE_WAY_CALL -> {
                final OneWayCallCommandMessage call = OneWayCallCommandMessage.parseFrom(payload);
                return resolve(call.getServiceName(), call.getHandlerName(), call.getKey(),
                        call.hasIdempotencyKey() ? call.getIdempotencyKey() : null, effect);
            }
            case EntryTypes.SEND_SIGNAL -> {
                final String target = SendSignalCommandMessage.parseFrom(payload).getTargetInvocationId();
                return parses(() -> InvocationId.parse(target));
            }
            case EntryTypes.ATTACH_INVOCATION -> {
                final var attach = io.jrestate.service.protocol.pb.AttachInvocationCommandMessage.parseFrom(payload);
                return attach.hasInvocationId() ? parses(() -> InvocationId.parse(attach.getInvocationId())) : null;
            }
            case EntryTypes.GET_INVOCATION_OUTPUT -> {
                final var get = io.jrestate.service.protocol.pb.GetInvocationOutputCommandMessage.parseFrom(payload);
                return get.hasInvocationId() ? parses(() -> InvocationId.parse(get.getInvocationId())) : null;
            }
            case EntryTypes.COMPLETE_AWAKEABLE -> {
                final String awakeable = CompleteAwakeableCommandMessage.parseFrom(payload).getAwakeableId();
                return parses(() -> AwakeableId.parse(awakeable));
            }
            default -> {
                return null;
            }
        }
    }

    private static String parses(final Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (final IdFormatException e) {
            return e.getMessage();
        }
    }

    private String resolve(final String serviceName, final String handlerName, final String key,
            final String idempotencyKey, final InvokerEffect.Builder effect) {
        final ServiceInfo service = ctx.catalog().service(serviceName);
        if (service == null) {
            return "call target service '" + serviceName + "' not found";
        }
        final HandlerInfo handler = service.handlers().get(handlerName);
        if (handler == null) {
            return "call target handler '" + serviceName + "/" + handlerName + "' not found";
        }
        if (service.type() == ServiceType.SERVICE && !key.isEmpty()) {
            return "call target '" + serviceName + "' is a service and takes no key";
        }
        if (idempotencyKey != null && idempotencyKey.isEmpty()) {
            return "the idempotency key of a call must not be empty";
        }
        final String idem = idempotencyKey == null ? "" : idempotencyKey;
        final InvocationKey callee = InvocationIds.newId(serviceName, service.type(), handlerName, handler.type(),
                key, idem, ctx.clockMs().getAsLong(), ctx.random());
        effect.setResolvedCall(ResolvedCall.newBuilder().setCalleeInvocationId(callee.toByteString())
                .setOptions(handler.options()).setTarget(InvocationTarget.newBuilder().setService(serviceName)
                        .setHandler(handlerName).setKey(key).setServiceType(service.type())
                        .setHandlerType(handler.type())));
        return null;
    }

    private InvokerEffect.Builder effect() {
        return InvokerEffect.newBuilder().setInvocationId(start.id().toByteString()).setAttempt(start.attempt());
    }

    private void propose(final InvokerEffect.Builder effect) {
        if (pendingPin != null) {
            final InvokerEffect.Builder pin = pendingPin;
            pendingPin = null;
            processor.propose(Command.newBuilder().setInvokerEffect(pin).build());
        }
        processor.propose(Command.newBuilder().setInvokerEffect(effect).build());
    }
}
