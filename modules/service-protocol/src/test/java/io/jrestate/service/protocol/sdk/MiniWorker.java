package io.jrestate.service.protocol.sdk;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.MessageType;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.attempt.AttemptHandle;
import io.jrestate.service.protocol.attempt.AttemptListener;
import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.AttemptRequest;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.CallCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.CallInvocationIdCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.Header;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionAckMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.RunCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.service.protocol.pb.SleepCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.pb.Void;
import io.jrestate.service.protocol.schema.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the partition state machine, just enough to drive real SDKs through attempts: it keeps the
 * journal and the object state, appends every reported command, completes sleeps at once, answers calls with a
 * fixed value and turns run proposals into run completions, sending each notification only after appending it
 * (the contract of {@link AttemptListener}). It retries suspended attempts with the grown journal until the SDK ends.
 */
final class MiniWorker {
    /** What one invocation produced. */
    record Result(List<Frame> journal, List<AttemptOutcome> outcomes, Map<String, byte[]> state, String sdkServer,
                  ProtocolVersion version) {
        List<MessageType> types() {
            return journal.stream().map(Frame::type).toList();
        }

        String output() {
            final var out = journal.stream().filter(f -> f.type() == MessageType.OUTPUT_COMMAND).findFirst()
                .orElseThrow().parse(io.jrestate.service.protocol.pb.OutputCommandMessage.class);
            return out.hasValue() ? out.getValue().getContent().toStringUtf8()
                : "failure " + out.getFailure().getCode() + " " + out.getFailure().getMessage();
        }
    }

    private final InvocationAttempts attempts;
    private final Duration inactivityTimeout;
    private final byte[] callResult;
    private final boolean completeSleeps;

    MiniWorker(final InvocationAttempts attempts, final Duration inactivityTimeout, final byte[] callResult) {
        this(attempts, inactivityTimeout, callResult, true);
    }

    MiniWorker(final InvocationAttempts attempts, final Duration inactivityTimeout, final byte[] callResult,
               final boolean completeSleeps) {
        this.attempts = attempts;
        this.inactivityTimeout = inactivityTimeout;
        this.callResult = callResult;
        this.completeSleeps = completeSleeps;
    }

    Result invoke(final Deployment deployment, final String service, final String handler, final String key,
                  final String jsonInput, final Map<String, byte[]> initialState) throws Exception {
        return invoke(deployment, service, handler, key, jsonInput, initialState, 5);
    }

    Result invoke(final Deployment deployment, final String service, final String handler, final String key,
                  final String jsonInput, final Map<String, byte[]> initialState, final int maxAttempts)
        throws Exception {
        final List<Frame> journal = new ArrayList<>();
        journal.add(Frame.of(InputCommandMessage.newBuilder()
            .addHeaders(Header.newBuilder().setKey("x-restate-ingress-path").setValue("/" + service + "/" + handler))
            .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(jsonInput))).build()));
        final Map<String, byte[]> state = new LinkedHashMap<>(initialState);
        final List<AttemptOutcome> outcomes = new ArrayList<>();
        String server = null;
        ProtocolVersion version = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            final Recorder r = new Recorder(journal, state);
            final List<Map.Entry<byte[], byte[]>> eager = key == null ? null : state.entrySet().stream()
                .map(e -> Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue())).toList();
            final AttemptRequest request = new AttemptRequest(ByteString.copyFrom(new byte[24]),
                "inv_1testinvocation" + attempt, deployment, service, handler, key, List.copyOf(journal), eager,
                key == null, attempt, Duration.ZERO, 42L, inactivityTimeout, Duration.ofSeconds(10), null);
            r.setHandle(attempts.start(request, r));
            final AttemptOutcome outcome = r.outcome.get(60, TimeUnit.SECONDS);
            outcomes.add(outcome);
            System.out.println("attempt " + attempt + " mode=" + deployment.protocolMode() + "/"
                + deployment.httpMode() + " outcome=" + outcome + " journal="
                + journal.stream().map(Frame::type).toList());
            server = r.sdkServer != null ? r.sdkServer : server;
            version = r.version != null ? r.version : version;
            if (!(outcome instanceof AttemptOutcome.Suspended)) {
                break;
            }
        }
        return new Result(List.copyOf(journal), outcomes, state, server, version);
    }

    /** Listener of one attempt, appending to the shared journal. */
    private final class Recorder implements AttemptListener {
        final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        private final List<Frame> journal;
        private final Map<String, byte[]> state;
        private final List<Frame> unsent = new ArrayList<>();
        private AttemptHandle handle;
        private volatile ProtocolVersion version;
        volatile String sdkServer;

        Recorder(final List<Frame> journal, final Map<String, byte[]> state) {
            this.journal = journal;
            this.state = state;
        }

        synchronized void setHandle(final AttemptHandle h) {
            handle = h;
            unsent.forEach(h::send);
            unsent.clear();
        }

        private synchronized void appendAndSend(final Frame notification) {
            journal.add(notification);
            if (handle == null) {
                unsent.add(notification);
            } else {
                handle.send(notification);
            }
        }

        @Override
        public void onResponseStarted(final ProtocolVersion v, final String server) {
            this.version = v;
            this.sdkServer = server;
        }

        @Override
        public synchronized void onCommand(final int commandIndex, final Frame entry) {
            journal.add(entry);
            switch (entry.type()) {
                case SET_STATE_COMMAND -> {
                    final SetStateCommandMessage m = entry.parse(SetStateCommandMessage.class);
                    state.put(m.getKey().toStringUtf8(), m.getValue().getContent().toByteArray());
                }
                case SLEEP_COMMAND -> {
                    if (completeSleeps) {
                        appendAndSend(Frame.of(SleepCompletionNotificationMessage.newBuilder()
                            .setCompletionId(entry.parse(SleepCommandMessage.class).getResultCompletionId())
                            .setVoid(Void.getDefaultInstance()).build()));
                    }
                }
                case CALL_COMMAND -> {
                    final CallCommandMessage c = entry.parse(CallCommandMessage.class);
                    appendAndSend(Frame.of(CallInvocationIdCompletionNotificationMessage.newBuilder()
                        .setCompletionId(c.getInvocationIdNotificationIdx()).setInvocationId("inv_1callee").build()));
                    appendAndSend(Frame.of(CallCompletionNotificationMessage.newBuilder()
                        .setCompletionId(c.getResultCompletionId())
                        .setValue(Value.newBuilder().setContent(ByteString.copyFrom(callResult))).build()));
                }
                default -> { }
            }
        }

        @Override
        public synchronized void onRunProposal(final ProposeRunCompletionMessage p, final boolean ackRequested) {
            final RunCompletionNotificationMessage.Builder n = RunCompletionNotificationMessage.newBuilder()
                .setCompletionId(p.getResultCompletionId());
            if (p.hasFailure()) {
                n.setFailure(p.getFailure());
            } else {
                n.setValue(Value.newBuilder().setContent(p.getValue()));
            }
            final Frame notification = Frame.of(n.build());
            journal.add(notification);
            final Frame reply = ackRequested && version == ProtocolVersion.V7
                ? Frame.of(ProposeRunCompletionAckMessage.newBuilder().setCompletionId(p.getResultCompletionId())
                    .build()) : notification;
            if (handle == null) {
                unsent.add(reply);
            } else {
                handle.send(reply);
            }
        }

        @Override
        public void onOutcome(final AttemptOutcome o) {
            outcome.complete(o);
        }
    }
}
