package io.jrestate.service.protocol.attempt;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.FrameDecoder;
import io.jrestate.service.protocol.MessageType;
import io.jrestate.service.protocol.ProtocolException;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.client.RequestStream;
import io.jrestate.service.protocol.client.ResponseListener;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.pb.StartMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One running attempt: owns the exchange, the frame decoder, the timers and the once-only outcome.
 *
 * <pre>
 * states:  OPEN --inactivity--> REQUEST_CLOSED --abort timeout--> reset, Failed(TIMEOUT)
 *            |                        |
 *            +--- End/Suspension/Error, transport failure, abort() ---> FINISHED (outcome reported once)
 *
 * after End/Suspension/Error with the response still open (bidi):
 *   end the request stream --SDK ends its response--> stream closed, back to the pool
 *                          --abort timeout----------> reset the stream
 * </pre>
 * Bidi: the inactivity timeout counts from the last frame in either direction; the abort timeout counts from the
 * moment the request stream was closed, whatever flows afterwards. Request/response: the request is closed right
 * after the replay, so only the abort timeout applies.
 */
final class InvocationAttempt implements AttemptHandle, ResponseListener {
    private static final System.Logger LOG = System.getLogger(InvocationAttempt.class.getName());
    /** Replay frames are sent in writes of at most this many bytes (unless one frame alone is larger). */
    private static final int COALESCE_BYTES = 64 * 1024;

    private final AttemptRequest request;
    private final AttemptListener listener;
    private final ProtocolVersion version;
    private final ScheduledExecutorService timers;
    private final LongSupplier nanoClock;
    private final FrameDecoder decoder;
    private final boolean bidi;
    private RequestStream stream;
    private int nextCommandIndex;
    private boolean requestClosed;
    private boolean terminalReceived;
    private boolean finished;
    private boolean responseDone;
    private long lastActivityNs;
    private long requestClosedAtNs;
    private ScheduledFuture<?> timer;

    private InvocationAttempt(final AttemptRequest request, final AttemptListener listener,
                              final ProtocolVersion version, final InvokerOptions options,
                              final ScheduledExecutorService timers, final LongSupplier nanoClock) {
        this.request = request;
        this.listener = listener;
        this.version = version;
        this.timers = timers;
        this.nanoClock = nanoClock;
        this.decoder = new FrameDecoder(options.messageSizeLimitBytes());
        this.bidi = request.deployment().protocolMode() == ProtocolMode.BIDI_STREAM
            && request.deployment().httpMode() == HttpMode.HTTP2;
        this.nextCommandIndex = (int) request.journal().stream()
            .filter(f -> f.type().kind() == MessageType.Kind.COMMAND).count();
    }

    static AttemptHandle start(final EndpointClient client, final InvokerOptions options,
                               final ScheduledExecutorService timers, final LongSupplier nanoClock,
                               final AttemptRequest request, final AttemptListener listener) {
        final var negotiated = request.deployment().negotiate(options.maxProtocolVersion());
        if (negotiated.isEmpty()) {
            final AttemptHandle failed = new Unstarted();
            listener.onOutcome(AttemptOutcome.Failed.of(AttemptOutcome.FailureKind.VERSION_MISMATCH,
                "deployment " + request.deployment().id() + " speaks service protocol versions ["
                    + request.deployment().minProtocolVersion() + ", " + request.deployment().maxProtocolVersion()
                    + "] but this server uses up to " + options.maxProtocolVersion(), null));
            return failed;
        }
        final InvocationAttempt attempt = new InvocationAttempt(request, listener, negotiated.get(), options, timers,
            nanoClock);
        attempt.open(client, options);
        return attempt;
    }

    private void open(final EndpointClient client, final InvokerOptions options) {
        final String contentType = version.contentType();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("content-type", contentType));
        headers.add(Map.entry("accept", contentType));
        headers.add(Map.entry("x-restate-invocation-id", request.invocationIdText()));
        if (request.key() != null) {
            headers.add(Map.entry("x-restate-service-key", URLEncoder.encode(request.key(), StandardCharsets.UTF_8)
                .replace("+", "%20")));
        }
        headers.addAll(options.additionalRequestHeaders());
        headers.addAll(request.deployment().additionalHeaders());
        final URI uri = request.deployment().uri().resolve("invoke/" + request.serviceName() + "/"
            + request.handlerName());
        synchronized (this) {
            lastActivityNs = nanoClock.getAsLong();
            stream = client.open(new EndpointRequest(uri, "POST", request.deployment().httpMode(), headers, true),
                this);
            writeStartAndReplay();
            if (!bidi) {
                // Request/response: the request ends after the replay, so only the abort timeout applies.
                requestClosed = true;
                requestClosedAtNs = lastActivityNs;
                stream.end();
                armTimer(request.abortTimeout().toNanos());
            } else {
                armTimer(request.inactivityTimeout().toNanos());
            }
        }
    }

    /**
     * Writes StartMessage and the known journal, coalescing small frames into writes of up to
     * {@value #COALESCE_BYTES} bytes: one DATA frame and one flush for a typical replay instead of one per entry.
     */
    private void writeStartAndReplay() {
        final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
        pending.writeBytes(startMessage().encode());
        for (final Frame entry : request.journal()) {
            final byte[] encoded = entry.encode();
            if (pending.size() > 0 && pending.size() + encoded.length > COALESCE_BYTES) {
                stream.write(pending.toByteArray());
                pending.reset();
            }
            if (encoded.length >= COALESCE_BYTES) {
                stream.write(encoded);
            } else {
                pending.writeBytes(encoded);
            }
        }
        if (pending.size() > 0) {
            stream.write(pending.toByteArray());
        }
    }

    private Frame startMessage() {
        final StartMessage.Builder b = StartMessage.newBuilder()
            .setId(request.invocationId())
            .setDebugId(request.invocationIdText())
            .setKnownEntries(request.journal().size())
            .setPartialState(request.partialState())
            .setKey(request.key() == null ? "" : request.key())
            .setRetryCountSinceLastStoredEntry(request.retryCountSinceLastStoredEntry())
            .setDurationSinceLastStoredEntry(request.durationSinceLastStoredEntry().toMillis());
        if (request.eagerState() != null) {
            for (final Map.Entry<byte[], byte[]> e : request.eagerState()) {
                b.addStateMap(StartMessage.StateEntry.newBuilder().setKey(ByteString.copyFrom(e.getKey()))
                    .setValue(ByteString.copyFrom(e.getValue())));
            }
        }
        if (version.atLeast(ProtocolVersion.V6)) {
            b.setRandomSeed(request.randomSeed());
        }
        if (version.atLeast(ProtocolVersion.V7) && request.idempotencyKey() != null) {
            b.setIdempotencyKey(request.idempotencyKey());
        }
        return Frame.of(b.build());
    }

    @Override
    public ProtocolVersion protocolVersion() {
        return version;
    }

    @Override
    public synchronized boolean send(final Frame message) {
        final MessageType type = message.type();
        final boolean allowed = type.kind() == MessageType.Kind.NOTIFICATION || type == MessageType.COMMAND_ACK
            || type == MessageType.PROPOSE_RUN_COMPLETION_ACK;
        if (!allowed || !version.atLeast(type.minVersion())) {
            throw new IllegalArgumentException("invocation " + request.invocationIdText() + ": the server cannot send "
                + type + " (" + MessageType.hex(message.typeCode()) + ") in protocol " + version);
        }
        if (finished || requestClosed) {
            return false;
        }
        lastActivityNs = nanoClock.getAsLong();
        stream.write(message.encode());
        return true;
    }

    @Override
    public void abort(final String reason) {
        final RequestStream s;
        synchronized (this) {
            if (finished) {
                return;
            }
            s = stream;
        }
        finish(new AttemptOutcome.Aborted(reason));
        s.reset();
    }

    // ---- response side (network thread) ----

    @Override
    public void onResponseHeaders(final int status, final List<Map.Entry<String, String>> headers) {
        synchronized (this) {
            lastActivityNs = nanoClock.getAsLong();
        }
        if (status != 200) {
            failAndReset(AttemptOutcome.FailureKind.UNEXPECTED_RESPONSE, StatusMessages.describe(status, headers),
                StatusMessages.retryAfter(status, headers));
            return;
        }
        final String contentType = header(headers, "content-type");
        if (!version.contentType().equals(contentType)) {
            failAndReset(AttemptOutcome.FailureKind.UNEXPECTED_RESPONSE, "the deployment answered with content-type '"
                + contentType + "', expected '" + version.contentType() + "'", null);
            return;
        }
        if (!isFinished()) {
            listener.onResponseStarted(version, header(headers, "x-restate-server"));
        }
    }

    @Override
    public void onResponseData(final ByteBuffer chunk) {
        synchronized (this) {
            if (finished) {
                return;
            }
            lastActivityNs = nanoClock.getAsLong();
        }
        try {
            decoder.feed(chunk, this::onFrame);
        } catch (final ProtocolException e) {
            failAndReset(AttemptOutcome.FailureKind.PROTOCOL_VIOLATION, e.getMessage(), null);
        }
    }

    @Override
    public void onResponseEnd() {
        if (markResponseDone()) {
            return;
        }
        try {
            decoder.finish();
        } catch (final ProtocolException e) {
            finish(AttemptOutcome.Failed.of(AttemptOutcome.FailureKind.PROTOCOL_VIOLATION, e.getMessage(), null));
            return;
        }
        finish(AttemptOutcome.Failed.of(AttemptOutcome.FailureKind.PROTOCOL_VIOLATION,
            "the deployment closed the response without End, Suspension or Error", null));
    }

    @Override
    public void onFailure(final Throwable cause) {
        markResponseDone();
        finish(AttemptOutcome.Failed.of(AttemptOutcome.FailureKind.TRANSPORT, String.valueOf(cause.getMessage()),
            null));
    }

    private void onFrame(final Frame frame) {
        if (isFinished() || terminalReceived) {
            return;
        }
        final MessageType type = frame.type();
        if (!type.sentBySdk() || !version.atLeast(type.minVersion())) {
            throw new ProtocolException("the SDK sent " + type + " (" + MessageType.hex(frame.typeCode())
                + "), which is not allowed from an SDK in protocol " + version);
        }
        switch (type.kind()) {
            case COMMAND -> listener.onCommand(nextCommandIndex++, frame);
            case CUSTOM -> listener.onCommand(-1, frame);
            case CONTROL -> onControl(type, frame);
            default -> throw new ProtocolException("unexpected message " + type + " from the SDK");
        }
    }

    private void onControl(final MessageType type, final Frame frame) {
        switch (type) {
            case PROPOSE_RUN_COMPLETION -> listener.onRunProposal(
                frame.parse(io.jrestate.service.protocol.pb.ProposeRunCompletionMessage.class), frame.ackRequested());
            case AWAITING_ON -> frame.parse();
            case END -> {
                terminalReceived = true;
                finish(new AttemptOutcome.Ended());
            }
            case SUSPENSION -> {
                terminalReceived = true;
                finish(Suspensions.toOutcome(version, frame));
            }
            case ERROR -> {
                terminalReceived = true;
                finish(Suspensions.toFailure(frame));
            }
            default -> throw new ProtocolException("unexpected control message " + type + " from the SDK");
        }
    }

    // ---- timers ----

    private synchronized void armTimer(final long delayNs) {
        if (finished) {
            return;
        }
        timer = timers.schedule(this::onTimer, Math.max(1, delayNs / 1_000_000), TimeUnit.MILLISECONDS);
    }

    /**
     * Decision table, evaluated whenever the single timer fires:
     * <pre>
     *   request open,   idle &lt; inactivity        -&gt; re-arm for the rest of the inactivity budget
     *   request open,   idle &gt;= inactivity       -&gt; end the request stream (SDK suspends), arm abort timer
     *   request closed, since close &lt; abort      -&gt; re-arm for the rest of the abort budget
     *   request closed, since close &gt;= abort     -&gt; reset the stream, outcome Failed(TIMEOUT)
     * </pre>
     */
    private void onTimer() {
        final RequestStream toEnd;
        synchronized (this) {
            if (finished) {
                return;
            }
            final long nowNs = nanoClock.getAsLong();
            if (!requestClosed) {
                final long idleNs = nowNs - lastActivityNs;
                if (idleNs < request.inactivityTimeout().toNanos()) {
                    timer = timers.schedule(this::onTimer, Math.max(1, (request.inactivityTimeout().toNanos()
                        - idleNs) / 1_000_000), TimeUnit.MILLISECONDS);
                    return;
                }
                requestClosed = true;
                requestClosedAtNs = nowNs;
                toEnd = stream;
            } else {
                final long sinceCloseNs = nowNs - requestClosedAtNs;
                if (sinceCloseNs < request.abortTimeout().toNanos()) {
                    timer = timers.schedule(this::onTimer, Math.max(1, (request.abortTimeout().toNanos()
                        - sinceCloseNs) / 1_000_000), TimeUnit.MILLISECONDS);
                    return;
                }
                toEnd = null;
            }
        }
        if (toEnd != null) {
            LOG.log(System.Logger.Level.DEBUG, "invocation {0}: inactive for {1}, closing the request stream",
                request.invocationIdText(), request.inactivityTimeout());
            toEnd.end();
            armTimer(request.abortTimeout().toNanos());
            return;
        }
        failAndReset(AttemptOutcome.FailureKind.TIMEOUT, "the deployment did not finish the attempt within the abort "
            + "timeout of " + request.abortTimeout().toMillis() + " ms after the request stream was closed", null);
    }

    // ---- completion ----

    private synchronized boolean isFinished() {
        return finished;
    }

    /** Whether the response was still open (and is now given up on). */
    private synchronized boolean claimUndrainedResponse() {
        final boolean open = !responseDone;
        responseDone = true;
        return open;
    }

    /** Notes that the exchange is over on the response side; returns whether the attempt had already finished. */
    private synchronized boolean markResponseDone() {
        responseDone = true;
        if (timer != null && finished) {
            timer.cancel(false);
        }
        return finished;
    }

    private void failAndReset(final AttemptOutcome.FailureKind kind, final String message, final Duration retry) {
        final RequestStream s;
        synchronized (this) {
            if (finished) {
                return;
            }
            s = stream;
        }
        finish(AttemptOutcome.Failed.of(kind, message, retry));
        s.reset();
    }

    private void finish(final AttemptOutcome outcome) {
        final RequestStream toEnd;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (timer != null) {
                timer.cancel(false);
            }
            toEnd = terminalReceived && !responseDone ? stream : null;
        }
        listener.onOutcome(outcome);
        if (toEnd != null) {
            drain(toEnd);
        }
    }

    /**
     * After End, Suspension or Error the SDK has nothing more to say, but an SDK may keep its response open until
     * the request ends (the TypeScript SDK does): end the request so both directions close and the HTTP/2 stream
     * goes back to the pool. A response still open after the abort timeout is reset, so no stream stays
     * half-open for ever.
     */
    private void drain(final RequestStream toEnd) {
        toEnd.end();
        synchronized (this) {
            if (!responseDone) {
                timer = timers.schedule(() -> {
                    if (claimUndrainedResponse()) {
                        toEnd.reset();
                    }
                }, Math.max(1, request.abortTimeout().toMillis()), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static String header(final List<Map.Entry<String, String>> headers, final String name) {
        for (final Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Handle of an attempt that could not start (no common protocol version). */
    private static final class Unstarted implements AttemptHandle {
        @Override
        public ProtocolVersion protocolVersion() {
            return ProtocolVersion.V5;
        }

        @Override
        public boolean send(final Frame message) {
            return false;
        }

        @Override
        public void abort(final String reason) {
        }
    }
}
