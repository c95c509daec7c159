package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.pb.ErrorBehavior;
import io.jrestate.service.protocol.pb.Future;
import java.time.Duration;
import java.util.List;

/**
 * How an attempt ended. Exactly one outcome is reported per attempt.
 */
public sealed interface AttemptOutcome {
    /**
     * The SDK sent EndMessage: the journal is closed (the OutputCommand was reported before as a command).
     */
    record Ended() implements AttemptOutcome { }

    /**
     * The SDK suspended. The invocation resumes with a new attempt as soon as any listed completion, signal or
     * named signal is in the journal (V7 trees are flattened to their leaves, which is always safe: the SDK
     * suspends again if it is still blocked). If one of them already arrived, resume at once.
     *
     * @param waitingCompletions completion ids
     * @param waitingSignals signal ids
     * @param waitingNamedSignals signal names
     * @param awaitingOn the V7 future tree as sent, or null for V5/V6
     */
    record Suspended(List<Integer> waitingCompletions, List<Integer> waitingSignals,
                     List<String> waitingNamedSignals, Future awaitingOn) implements AttemptOutcome {
        /**
         * Copies the lists.
         *
         * @param waitingCompletions completions
         * @param waitingSignals signals
         * @param waitingNamedSignals named signals
         * @param awaitingOn V7 tree or null
         */
        public Suspended {
            waitingCompletions = List.copyOf(waitingCompletions);
            waitingSignals = List.copyOf(waitingSignals);
            waitingNamedSignals = List.copyOf(waitingNamedSignals);
        }
    }

    /**
     * The attempt failed and should be retried per the invocation's retry policy (unless {@code behavior} says
     * otherwise). Precondition failures of commands are decided by the worker, not reported here.
     *
     * @param kind what failed
     * @param code an HTTP-like code: the SDK's ErrorMessage code, or 500 for server-side failures
     * @param message what went wrong
     * @param stacktrace the SDK's stacktrace, or empty
     * @param relatedCommandIndex the command index the SDK names, or null
     * @param relatedCommandName its name, or null
     * @param relatedCommandType its message type code, or null
     * @param nextRetryDelay overrides the next retry delay (SDK hint or {@code Retry-After}), or null
     * @param behavior V7 error behaviour (RETRY when absent)
     */
    record Failed(FailureKind kind, int code, String message, String stacktrace, Integer relatedCommandIndex,
                  String relatedCommandName, Integer relatedCommandType, Duration nextRetryDelay,
                  ErrorBehavior behavior) implements AttemptOutcome {
        /**
         * Creates a server-side failure with no SDK details.
         *
         * @param kind what failed
         * @param message what went wrong
         * @param nextRetryDelay retry hint or null
         * @return the outcome
         */
        public static Failed of(final FailureKind kind, final String message, final Duration nextRetryDelay) {
            return new Failed(kind, 500, message, "", null, null, null, nextRetryDelay, ErrorBehavior.RETRY);
        }
    }

    /**
     * The server aborted the attempt through {@link AttemptHandle#abort} (kill, leadership loss, shutdown).
     *
     * @param reason why
     */
    record Aborted(String reason) implements AttemptOutcome { }

    /** What caused a {@link Failed} outcome. */
    enum FailureKind {
        /** The SDK sent an ErrorMessage (user code threw, journal mismatch 570, ...). */
        SDK_ERROR,
        /** The SDK broke the protocol: bad frame, forbidden message type, missing terminal message. */
        PROTOCOL_VIOLATION,
        /** The connection failed, was refused or reset. */
        TRANSPORT,
        /** The deployment answered with a non-200 status or a wrong content type. */
        UNEXPECTED_RESPONSE,
        /** The abort timeout expired. */
        TIMEOUT,
        /** No protocol version is common to the deployment and the server. */
        VERSION_MISMATCH
    }
}
