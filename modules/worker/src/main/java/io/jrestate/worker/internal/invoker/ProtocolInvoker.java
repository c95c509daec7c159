package io.jrestate.worker.internal.invoker;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.service.protocol.pb.ErrorBehavior;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.ProposeRunCompletionAckMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.HandlerSchema;
import io.jrestate.service.protocol.schema.InvocationConfig;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceSchema;
import io.jrestate.worker.internal.fsm.EntryTypes;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.FailureBehavior;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.Suspended;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's {@link Invoker} over the service protocol's {@link InvocationAttempts}: picks the deployment
 * (pinned, else the latest revision of the service), converts the journal to frames and the attempt's reports
 * back to the worker's seam.
 */
public final class ProtocolInvoker implements Invoker {
    private final InvocationAttempts attempts;
    private final SchemaRegistry registry;

    /**
     * Creates the adapter.
     *
     * @param attempts the attempt runner
     * @param registry the schema registry (deployments and handler settings)
     */
    public ProtocolInvoker(final InvocationAttempts attempts, final SchemaRegistry registry) {
        this.attempts = attempts;
        this.registry = registry;
    }

    @Override
    public AttemptHandle start(final AttemptRequest request, final AttemptListener listener) {
        final String service = request.target().getService();
        final Optional<ServiceSchema> schema = request.pinnedDeployment().isEmpty() ? registry.service(service)
                : registry.service(service, request.pinnedDeployment());
        final Optional<Deployment> deployment = schema.flatMap(s -> registry.deployment(s.deploymentId()));
        final Optional<HandlerSchema> handler = schema.flatMap(s -> s.handler(request.target().getHandler()));
        if (deployment.isEmpty() || handler.isEmpty()) {
            return failedAtOnce(listener, "no deployment serves " + service + "/" + request.target().getHandler()
                    + (request.pinnedDeployment().isEmpty() ? "" : " on pinned deployment "
                    + request.pinnedDeployment()));
        }
        final InvocationConfig config = schema.get().invocationConfig(handler.get());
        final ListenerAdapter adapter = new ListenerAdapter(listener, deployment.get().id());
        final var handle = attempts.start(toProtocol(request, deployment.get(), config), adapter);
        return new HandleAdapter(handle, adapter.ackRequested);
    }

    private static io.jrestate.service.protocol.attempt.AttemptRequest toProtocol(final AttemptRequest request,
            final Deployment deployment, final InvocationConfig config) {
        final List<Frame> journal = new ArrayList<>(request.journal().size());
        for (final JournalEntry entry : request.journal()) {
            journal.add(new Frame(entry.getType(), 0, entry.getPayload().toByteArray()));
        }
        List<Map.Entry<byte[], byte[]>> state = null;
        if (request.eagerState() != null) {
            state = new ArrayList<>(request.eagerState().size());
            for (final Map.Entry<ByteString, ByteString> e : request.eagerState().entrySet()) {
                state.add(Map.entry(e.getKey().toByteArray(), e.getValue().toByteArray()));
            }
        }
        final var id = request.id().toInvocationId();
        return new io.jrestate.service.protocol.attempt.AttemptRequest(request.id().toByteString(), id.toString(),
                deployment, request.target().getService(), request.target().getHandler(),
                request.target().getKey().isEmpty() && request.target().getServiceTypeValue() == 0
                        ? null : request.target().getKey(),
                journal, state, state == null, request.retryCountSinceLastEntry(),
                Duration.ofMillis(request.msSinceLastEntry()), id.randomSeed(), config.inactivityTimeout(),
                config.abortTimeout(), request.idempotencyKey().isEmpty() ? null : request.idempotencyKey());
    }

    private static AttemptHandle failedAtOnce(final AttemptListener listener, final String message) {
        listener.onFailed(AttemptFailed.newBuilder().setCode(500).setMessage(message).build());
        return new AttemptHandle() {
            @Override
            public void sendNotification(final JournalEntry notification) {
            }

            @Override
            public void abort() {
            }
        };
    }

    /** Maps the runner's reports to the worker's seam. */
    private static final class ListenerAdapter implements io.jrestate.service.protocol.attempt.AttemptListener {
        private final AttemptListener listener;
        private final String deploymentId;
        final Set<Integer> ackRequested = ConcurrentHashMap.newKeySet();

        ListenerAdapter(final AttemptListener listener, final String deploymentId) {
            this.listener = listener;
            this.deploymentId = deploymentId;
        }

        @Override
        public void onResponseStarted(final ProtocolVersion version, final String sdkServer) {
            listener.onPinned(deploymentId, version.number());
        }

        @Override
        public void onCommand(final int commandIndex, final Frame entry) {
            listener.onEntry(entry.typeCode(), ByteString.copyFrom(entry.payload()));
        }

        @Override
        public void onRunProposal(final ProposeRunCompletionMessage proposal, final boolean ack) {
            if (ack) {
                ackRequested.add(proposal.getResultCompletionId());
            }
            listener.onEntry(EntryTypes.PROPOSE_RUN_COMPLETION, proposal.toByteString());
        }

        @Override
        public void onOutcome(final AttemptOutcome outcome) {
            switch (outcome) {
                case AttemptOutcome.Ended ended -> listener.onEnded();
                case AttemptOutcome.Suspended s -> listener.onSuspended(Suspended.newBuilder()
                        .addAllWaitingCompletions(s.waitingCompletions()).addAllWaitingSignals(s.waitingSignals())
                        .addAllWaitingNamedSignals(s.waitingNamedSignals()).build());
                case AttemptOutcome.Failed f -> listener.onFailed(failure(f));
                case AttemptOutcome.Aborted a -> listener.onFailed(AttemptFailed.newBuilder().setCode(500)
                        .setMessage("attempt aborted: " + a.reason()).build());
            }
        }

        private static AttemptFailed failure(final AttemptOutcome.Failed f) {
            final AttemptFailed.Builder b = AttemptFailed.newBuilder().setCode(f.code())
                    .setMessage(f.message() == null ? "" : f.message())
                    .setStacktrace(f.stacktrace() == null ? "" : f.stacktrace())
                    .setBehavior(f.behavior() == ErrorBehavior.PAUSE ? FailureBehavior.PAUSE_INVOCATION
                            : f.behavior() == ErrorBehavior.FAIL ? FailureBehavior.FAIL_INVOCATION
                            : FailureBehavior.RETRY);
            if (f.relatedCommandIndex() != null) {
                b.setRelatedCommandIndex(f.relatedCommandIndex());
            }
            if (f.relatedCommandName() != null) {
                b.setRelatedCommandName(f.relatedCommandName());
            }
            if (f.relatedCommandType() != null) {
                b.setRelatedCommandType(f.relatedCommandType());
            }
            if (f.nextRetryDelay() != null) {
                b.setNextRetryDelayMs(f.nextRetryDelay().toMillis());
            }
            return b.build();
        }
    }

    /** Sends durable notifications; a V7 run proposal that asked for an ack gets the ack instead. */
    private record HandleAdapter(io.jrestate.service.protocol.attempt.AttemptHandle handle,
            Set<Integer> ackRequested) implements AttemptHandle {
        @Override
        public void sendNotification(final JournalEntry notification) {
            if (notification.getType() == EntryTypes.RUN_COMPLETION && !ackRequested.isEmpty()) {
                final int id = completionId(notification);
                if (ackRequested.remove(id)) {
                    handle.send(Frame.of(ProposeRunCompletionAckMessage.newBuilder().setCompletionId(id).build()));
                    return;
                }
            }
            handle.send(new Frame(notification.getType(), 0, notification.getPayload().toByteArray()));
        }

        @Override
        public void abort() {
            handle.abort("aborted by the partition processor");
        }

        private static int completionId(final JournalEntry notification) {
            try {
                return NotificationTemplate.parseFrom(notification.getPayload()).getCompletionId();
            } catch (final InvalidProtocolBufferException e) {
                return -1;
            }
        }
    }
}
