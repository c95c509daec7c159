package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationResponse;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ResponseSink;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The life of an invocation in the state machine: creation, admission through the object lock and inbox,
 * attempts, notifications, completion and delivery of the result.
 *
 * <pre>
 *   Invoke --&gt; SCHEDULED --timer--&gt; admit
 *   admit: exclusive and key locked --&gt; INBOXED --lock released--&gt; start
 *          otherwise --&gt; start
 *   start --&gt; INVOKED --Suspended--&gt; SUSPENDED --awaited notification--&gt; start
 *                     --Failed-----&gt; BACKING_OFF --retry timer--&gt; start
 *                                 \-&gt; PAUSED (max attempts, pause) / COMPLETED (kill, fail)
 *                     --End--------&gt; COMPLETED --&gt; results to callers, lock to the next in the inbox
 * </pre>
 */
final class Lifecycle {
    private final ApplyContext ctx;
    private final Retention retention;
    private final InvocationManagement management;
    private final Attachments attachments;

    Lifecycle(final ApplyContext ctx) {
        this.ctx = ctx;
        this.retention = new Retention(ctx, this);
        this.management = new InvocationManagement(ctx, this);
        this.attachments = new Attachments(ctx, this);
    }

    Retention retention() {
        return retention;
    }

    InvocationManagement management() {
        return management;
    }

    Attachments attachments() {
        return attachments;
    }

    void invoke(final Invoke cmd) {
        final InvocationKey id = InvocationKey.fromBytes(cmd.getInvocationId());
        final InvocationStatus existing = ctx.state.invocation(id);
        if (existing != null) {
            attachToExisting(existing, cmd);
            return;
        }
        final InvocationStatus status = new InvocationStatus(id, cmd.getTarget(), cmd.getOptions(),
                cmd.getIdempotencyKey(), cmd.getInvokedBy(), ctx.nowMs());
        append(status, Entries.input(cmd.getArgument(), cmd.getHeadersList()));
        if (cmd.hasResponseSink()) {
            status.sinks.add(cmd.getResponseSink());
        }
        ctx.state.putInvocation(status);
        if (cmd.getExecuteAtMs() > ctx.nowMs()) {
            status.phase = Phase.SCHEDULED;
            status.executeAtMs = cmd.getExecuteAtMs();
            addTimer(new Timer(cmd.getExecuteAtMs(), id, TimerKind.TIMER_DELAYED_INVOKE, 0));
        } else {
            admit(status);
        }
    }

    /** A second Invoke for an existing id (idempotency key, workflow key, redelivery): join the first. */
    private void attachToExisting(final InvocationStatus existing, final Invoke cmd) {
        if (Workflows.isRun(existing.target)) {
            if (cmd.hasResponseSink()) {
                respond(cmd.getResponseSink(), existing.id,
                        CompletionResult.failure(409, Workflows.ALREADY_INVOKED));
            }
            return;
        }
        if (existing.phase == Phase.COMPLETED) {
            if (cmd.hasResponseSink()) {
                respond(cmd.getResponseSink(), existing.id, existing.result);
            }
            ctx.emit(new Action.InvocationCompleted(existing.id, existing.result, existing.completedAtMs));
        } else if (cmd.hasResponseSink()) {
            existing.sinks.add(cmd.getResponseSink());
        }
    }

    void admit(final InvocationStatus status) {
        final ObjectKey object = lockedObject(status.target);
        if (object == null) {
            start(status);
            return;
        }
        final InvocationKey holder = ctx.state.lockHolder(object);
        if (holder == null) {
            ctx.state.lock(object, status.id);
            start(status);
        } else {
            status.phase = Phase.INBOXED;
            ctx.state.enqueueInbox(object, status.id);
        }
    }

    void start(final InvocationStatus status) {
        status.phase = Phase.INVOKED;
        status.attempt++;
        status.waitingFor = null;
        status.modifiedAtMs = ctx.nowMs();
        ctx.emit(new Action.StartAttempt(status.id, status.attempt, status.target, status.options,
                java.util.List.copyOf(status.journal), eagerState(status), status.failedAttemptsSinceProgress,
                status.lastEntryAtMs, status.pinnedDeployment, status.idempotencyKey));
    }

    private Map<ByteString, ByteString> eagerState(final InvocationStatus status) {
        if (status.target.getServiceType() == ServiceType.SERVICE || status.options.getLazyState()) {
            return null;
        }
        return new LinkedHashMap<>(ctx.state.stateOf(new ObjectKey(status.target.getService(),
                status.target.getKey())));
    }

    void complete(final InvocationStatus status, final CompletionResult result) {
        status.phase = Phase.COMPLETED;
        status.result = result;
        status.completedAtMs = ctx.nowMs();
        status.modifiedAtMs = ctx.nowMs();
        status.pendingOutput = null;
        status.waitingFor = null;
        for (final ResponseSink sink : new ArrayList<>(status.sinks)) {
            respond(sink, status.id, result);
        }
        status.sinks.clear();
        ctx.emit(new Action.InvocationCompleted(status.id, result, status.completedAtMs));
        if (Workflows.isRun(status.target)) {
            // A workflow run stays in the live table until its own cleanup timer, which also clears the
            // workflow key's state and promises (Workflows.removeCompleted); other invocations go to the
            // retained store, expired by bucket.
            addTimer(new Timer(status.completedAtMs + status.options.getCompletionRetentionMs(), status.id,
                    TimerKind.TIMER_CLEANUP, 0));
        } else {
            retention.retain(status);
        }
        releaseLock(status);
        status.journal.clear();
        status.arrivedCompletions.clear();
        status.arrivedSignals.clear();
        status.arrivedNamedSignals.clear();
    }

    private void releaseLock(final InvocationStatus status) {
        final ObjectKey object = lockedObject(status.target);
        if (object == null || !status.id.equals(ctx.state.lockHolder(object))) {
            return;
        }
        ctx.state.lock(object, null);
        InvocationKey next;
        while ((next = ctx.state.pollInbox(object)) != null) {
            final InvocationStatus waiting = ctx.state.invocation(next);
            if (waiting != null && waiting.phase == Phase.INBOXED) {
                ctx.state.lock(object, waiting.id);
                start(waiting);
                return;
            }
        }
    }

    /** Sends an invocation's result to a caller's journal, locally or through the outbox. */
    void respond(final ResponseSink sink, final InvocationKey callee, final CompletionResult result) {
        final InvocationResponse.Builder response = InvocationResponse.newBuilder().setSink(sink)
                .setCalleeInvocationId(callee.toByteString());
        if (result.isSuccess()) {
            response.setValue(result.value());
        } else {
            response.setFailure(result.failure());
        }
        final InvocationKey caller = InvocationKey.fromBytes(sink.getCallerInvocationId());
        route(caller.partitionKey(), Command.newBuilder().setInvocationResponse(response).build());
    }

    /** Delivers a command to the partition owning {@code partitionKey}: applied now if it is this one. */
    void route(final long partitionKey, final Command command) {
        if (ctx.isLocal(partitionKey)) {
            switch (command.getKindCase()) {
                case INVOKE -> invoke(command.getInvoke());
                case INVOCATION_RESPONSE -> onResponse(command.getInvocationResponse());
                case NOTIFY_SIGNAL -> onSignal(command.getNotifySignal());
                case MANAGE_INVOCATION -> management.apply(command.getManageInvocation());
                case ATTACH_REQUEST -> attachments.onRequest(command.getAttachRequest());
                default -> throw new IllegalStateException("cannot route " + command.getKindCase());
            }
            return;
        }
        final OutboxMessage message = new OutboxMessage(partitionKey, command);
        final long index = ctx.state.appendOutbox(message);
        ctx.emit(new Action.ShuffleOutbox(index, message));
    }

    void onResponse(final InvocationResponse response) {
        final ResponseSink sink = response.getSink();
        final InvocationStatus caller = ctx.state.invocation(InvocationKey.fromBytes(sink.getCallerInvocationId()));
        if (caller == null || caller.phase == Phase.COMPLETED) {
            return;
        }
        final CompletionResult result = response.hasFailure() ? new CompletionResult(null, response.getFailure())
                : response.hasNotReady() ? null : CompletionResult.success(response.getValue());
        final int type = sink.getNotificationType() == 0 ? EntryTypes.CALL_COMPLETION : sink.getNotificationType();
        notifyCompletion(caller, Entries.completion(type, sink.getCompletionId(), result), sink.getCompletionId());
    }

    void onSignal(final io.jrestate.worker.internal.wal.NotifySignal signal) {
        final InvocationStatus status = ctx.state.invocation(InvocationKey.fromBytes(signal.getInvocationId()));
        if (status == null || status.phase == Phase.COMPLETED) {
            return;
        }
        final JournalEntry entry = Entries.signal(signal);
        append(status, entry);
        final boolean awaited;
        if (signal.hasName()) {
            status.arrivedNamedSignals.add(signal.getName());
            awaited = status.waitingFor != null && status.waitingFor.getWaitingNamedSignalsList()
                    .contains(signal.getName());
        } else {
            status.arrivedSignals.add(signal.getIndex());
            awaited = status.waitingFor != null && status.waitingFor.getWaitingSignalsList()
                    .contains(signal.getIndex());
        }
        if (status.phase == Phase.INVOKED) {
            ctx.emit(new Action.SendNotification(status.id, status.attempt, entry));
        } else if (status.phase == Phase.SUSPENDED && awaited) {
            start(status);
        }
    }

    /** Appends a completion notification; forwards it to the open attempt or resumes a suspended one. */
    void notifyCompletion(final InvocationStatus status, final JournalEntry entry, final int completionId) {
        append(status, entry);
        status.arrivedCompletions.add(completionId);
        if (status.phase == Phase.INVOKED) {
            ctx.emit(new Action.SendNotification(status.id, status.attempt, entry));
        } else if (status.phase == Phase.SUSPENDED && status.waitingFor.getWaitingCompletionsList()
                .contains(completionId)) {
            start(status);
        }
    }

    void append(final InvocationStatus status, final JournalEntry entry) {
        status.journal.add(entry);
        if (EntryTypes.isCommand(entry.getType())) {
            status.commandCount++;
        }
        status.lastEntryAtMs = ctx.nowMs();
        status.modifiedAtMs = ctx.nowMs();
        status.failedAttemptsSinceProgress = 0;
    }

    /** Whether something the suspension waits for has already arrived. */
    static boolean anyArrived(final InvocationStatus status, final Suspended waiting) {
        for (final int id : waiting.getWaitingCompletionsList()) {
            if (status.arrivedCompletions.contains(id)) {
                return true;
            }
        }
        for (final int id : waiting.getWaitingSignalsList()) {
            if (status.arrivedSignals.contains(id)) {
                return true;
            }
        }
        for (final String name : waiting.getWaitingNamedSignalsList()) {
            if (status.arrivedNamedSignals.contains(name)) {
                return true;
            }
        }
        return false;
    }

    void addTimer(final Timer timer) {
        ctx.state.addTimer(timer);
        ctx.emit(new Action.ScheduleTimer(timer));
    }

    /** The object whose exclusive lock the target needs, or null when it runs without the lock. */
    static ObjectKey lockedObject(final InvocationTarget target) {
        final boolean exclusive = target.getServiceType() == ServiceType.VIRTUAL_OBJECT
                && target.getHandlerType() == HandlerType.EXCLUSIVE
                || target.getServiceType() == ServiceType.WORKFLOW
                && target.getHandlerType() == HandlerType.WORKFLOW_RUN;
        return exclusive ? new ObjectKey(target.getService(), target.getKey()) : null;
    }
}
