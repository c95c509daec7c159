package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolException;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.pb.ErrorBehavior;
import io.jrestate.service.protocol.pb.ErrorMessage;
import io.jrestate.service.protocol.pb.Future;
import io.jrestate.service.protocol.pb.SuspensionMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns the SDK's terminal Suspension and Error messages into outcomes. */
final class Suspensions {
    /** {@code [worker.invoker] max-awaited-future-depth}. */
    static final int MAX_FUTURE_DEPTH = 1000;

    private Suspensions() {
    }

    static AttemptOutcome toOutcome(final ProtocolVersion version, final Frame frame) {
        final SuspensionMessage m = frame.parse(SuspensionMessage.class);
        if (version.atLeast(ProtocolVersion.V7) && m.hasAwaitingOn()) {
            final Set<Integer> completions = new LinkedHashSet<>();
            final Set<Integer> signals = new LinkedHashSet<>();
            final Set<String> named = new LinkedHashSet<>();
            flatten(m.getAwaitingOn(), 1, completions, signals, named);
            if (completions.isEmpty() && signals.isEmpty() && named.isEmpty()) {
                throw new ProtocolException("the SDK suspended on an empty future");
            }
            return new AttemptOutcome.Suspended(new ArrayList<>(completions), new ArrayList<>(signals),
                new ArrayList<>(named), m.getAwaitingOn());
        }
        if (m.getWaitingCompletionsCount() + m.getWaitingSignalsCount() + m.getWaitingNamedSignalsCount() == 0) {
            throw new ProtocolException("the SDK suspended without waiting on any completion or signal");
        }
        return new AttemptOutcome.Suspended(m.getWaitingCompletionsList(), m.getWaitingSignalsList(),
            m.getWaitingNamedSignalsList(), null);
    }

    private static void flatten(final Future f, final int depth, final Set<Integer> completions,
                                final Set<Integer> signals, final Set<String> named) {
        if (depth > MAX_FUTURE_DEPTH) {
            throw new ProtocolException("the SDK suspended on a future deeper than " + MAX_FUTURE_DEPTH + " levels");
        }
        completions.addAll(f.getWaitingCompletionsList());
        signals.addAll(f.getWaitingSignalsList());
        named.addAll(f.getWaitingNamedSignalsList());
        for (final Future nested : f.getNestedFuturesList()) {
            flatten(nested, depth + 1, completions, signals, named);
        }
    }

    static AttemptOutcome.Failed toFailure(final Frame frame) {
        final ErrorMessage e = frame.parse(ErrorMessage.class);
        return new AttemptOutcome.Failed(AttemptOutcome.FailureKind.SDK_ERROR, e.getCode(), e.getMessage(),
            e.getStacktrace(), e.hasRelatedCommandIndex() ? e.getRelatedCommandIndex() : null,
            e.hasRelatedCommandName() ? e.getRelatedCommandName() : null,
            e.hasRelatedCommandType() ? e.getRelatedCommandType() : null,
            e.hasNextRetryDelay() ? Duration.ofMillis(e.getNextRetryDelay()) : null,
            e.getBehavior() == ErrorBehavior.UNRECOGNIZED ? ErrorBehavior.RETRY : e.getBehavior());
    }
}
