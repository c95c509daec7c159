package io.jrestate.worker.internal.processor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.GetEagerStateCommandMessage;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.RunCommandMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.fsm.EntryTypes;
import io.jrestate.worker.internal.invoker.AttemptHandle;
import io.jrestate.worker.internal.invoker.AttemptListener;
import io.jrestate.worker.internal.invoker.AttemptRequest;
import io.jrestate.worker.internal.invoker.Invoker;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.Suspended;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SDK stand-in that speaks the worker's invoker seam: {@code Greeter/greet} answers "Hello X";
 * {@code Counter/add} reads the eager count and adds the input, running a side effect in a journaled run;
 * {@code Caller/call} calls {@code Counter/add} on key "k" and returns the callee's result (suspending when the
 * result is not in the journal). It counts side effects so tests can check that a completed run is never
 * executed again.
 */
final class FakeSdk implements Invoker, AutoCloseable {
    final AtomicInteger sideEffects = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    /** When set, Greeter attempts never answer (an SDK that hangs, or a crash mid-attempt). */
    volatile boolean hang;
    /** When set, Greeter attempts first report this deployment pin, then wait for {@link #releaseAfterPin}. */
    volatile String pinAs;
    /** Completed by the SDK once it reported the pin. */
    final java.util.concurrent.CompletableFuture<Void> pinned = new java.util.concurrent.CompletableFuture<>();
    /** Greeter attempts with a pin continue once this completes. */
    final java.util.concurrent.CompletableFuture<Void> releaseAfterPin = new java.util.concurrent.CompletableFuture<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final ConcurrentHashMap<String, AttemptListener> open = new ConcurrentHashMap<>();

    @Override
    public AttemptHandle start(final AttemptRequest request, final AttemptListener listener) {
        attempts.incrementAndGet();
        final String key = request.id().toString();
        open.put(key, listener);
        thread.execute(() -> run(request, listener));
        return new AttemptHandle() {
            @Override
            public void sendNotification(final JournalEntry notification) {
                thread.execute(() -> onNotification(request, listener, notification));
            }

            @Override
            public void abort() {
                open.remove(key, listener);
            }
        };
    }

    private void run(final AttemptRequest request, final AttemptListener listener) {
        try {
            final String input = InputCommandMessage.parseFrom(request.journal().get(0).getPayload()).getValue()
                    .getContent().toStringUtf8();
            switch (request.target().getService()) {
                case "Greeter" -> {
                    if (pinAs != null) {
                        listener.onPinned(pinAs, 6);
                        pinned.complete(null);
                        releaseAfterPin.join();
                    }
                    if (!hang) {
                        finish(listener, "Hello " + input);
                    }
                }
                case "Counter" -> counter(request, listener, Long.parseLong(input));
                case "Caller" -> caller(request, listener);
                default -> throw new IllegalStateException("unknown service " + request.target().getService());
            }
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void counter(final AttemptRequest request, final AttemptListener listener, final long delta)
            throws InvalidProtocolBufferException {
        long count = 0;
        final ByteString eager = request.eagerState().get(ByteString.copyFromUtf8("count"));
        if (eager != null) {
            count = Long.parseLong(eager.toStringUtf8());
        }
        if (request.journal().size() == 1) {
            listener.onEntry(EntryTypes.GET_EAGER_STATE, GetEagerStateCommandMessage.newBuilder()
                    .setKey(ByteString.copyFromUtf8("count"))
                    .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(Long.toString(count))))
                    .build().toByteString());
            listener.onEntry(EntryTypes.RUN, RunCommandMessage.newBuilder().setResultCompletionId(1).build()
                    .toByteString());
            sideEffects.incrementAndGet();
            listener.onEntry(EntryTypes.PROPOSE_RUN_COMPLETION, ProposeRunCompletionMessage.newBuilder()
                    .setResultCompletionId(1).setValue(ByteString.copyFromUtf8("done")).build().toByteString());
            listener.onSuspended(Suspended.newBuilder().addWaitingCompletions(1).build());
            return;
        }
        final GetEagerStateCommandMessage read = GetEagerStateCommandMessage.parseFrom(
                request.journal().get(1).getPayload());
        final long next = Long.parseLong(read.getValue().getContent().toStringUtf8()) + delta;
        listener.onEntry(EntryTypes.SET_STATE, SetStateCommandMessage.newBuilder()
                .setKey(ByteString.copyFromUtf8("count"))
                .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(Long.toString(next)))).build()
                .toByteString());
        finish(listener, Long.toString(next));
    }

    private void caller(final AttemptRequest request, final AttemptListener listener)
            throws InvalidProtocolBufferException {
        for (final JournalEntry entry : request.journal()) {
            if (entry.getType() == EntryTypes.CALL_COMPLETION) {
                finish(listener, "callee said " + NotificationTemplate.parseFrom(entry.getPayload()).getValue()
                        .getContent().toStringUtf8());
                return;
            }
        }
        if (request.journal().size() == 1) {
            listener.onEntry(EntryTypes.CALL, CallCommandMessage.newBuilder().setServiceName("Counter")
                    .setHandlerName("add").setKey("k").setParameter(ByteString.copyFromUtf8("5"))
                    .setInvocationIdNotificationIdx(1).setResultCompletionId(2).build().toByteString());
        }
    }

    private void onNotification(final AttemptRequest request, final AttemptListener listener,
            final JournalEntry notification) {
        if (!open.containsKey(request.id().toString())) {
            return;
        }
        try {
            if (notification.getType() == EntryTypes.CALL_COMPLETION) {
                finish(listener, "callee said " + NotificationTemplate.parseFrom(notification.getPayload())
                        .getValue().getContent().toStringUtf8());
            }
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void finish(final AttemptListener listener, final String output) {
        listener.onEntry(EntryTypes.OUTPUT, OutputCommandMessage.newBuilder().setValue(Value.newBuilder()
                .setContent(ByteString.copyFromUtf8(output))).build().toByteString());
        listener.onEnded();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
