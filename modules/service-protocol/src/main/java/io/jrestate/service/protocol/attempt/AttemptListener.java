package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;

/**
 * The contract between an invocation attempt (this module) and the partition state machine (worker). The attempt
 * reports what the SDK sends; it never decides durability or retries. The worker appends each reported entry to
 * its log and, only once something is durable, sends the resulting notifications back through the
 * {@link AttemptHandle}.
 *
 * <pre>
 *  worker                         InvocationAttempt                        SDK (deployment)
 *    |  start(request, listener)         |                                        |
 *    |----------------------------------&gt;|  POST /invoke/Svc/handler              |
 *    |                                   |  Start, journal[0..n) ----------------&gt;|  (RR mode: then end request)
 *    |  onResponseStarted(v6, server)    |&lt;---------------------- 200, headers ---|
 *    |&lt;----------------------------------|                                        |
 *    |  onCommand(3, SleepCommand)       |&lt;----------------------- SleepCommand --|
 *    |&lt;----------------------------------|                                        |
 *    |  append to log; when durable      |                                        |
 *    |  and the timer fired: append      |                                        |
 *    |  SleepCompletion, then            |                                        |
 *    |  handle.send(SleepCompletion) ---&gt;|----------------- SleepCompletion -----&gt;|  (bidi only)
 *    |  onRunProposal(p, ack)            |&lt;------------ ProposeRunCompletion -----|
 *    |&lt;----------------------------------|                                        |
 *    |  append RunCompletion; then send  |                                        |
 *    |  RunCompletion (V6) or Ack (V7) -&gt;|---------------------------------------&gt;|
 *    |  onCommand(4, OutputCommand)      |&lt;---------------------- OutputCommand --|
 *    |  onOutcome(Ended)                 |&lt;--------------------------------- End --|
 *    |&lt;----------------------------------|  (end request, stream closes)          |
 * </pre>
 *
 * <p>Rules: calls come from a network thread, one at a time, in the order the SDK sent the messages; the
 * listener must not block (hand work off). {@link #onOutcome} is called exactly once and is the last call.
 * Entries reported before the outcome belong to the journal even if the outcome is a failure: the worker
 * appends them in order (the reference appends commands as they arrive). An entry is only "known" to the next
 * attempt if the worker stored it.
 */
public interface AttemptListener {
    /**
     * The SDK accepted the attempt (HTTP 200 with the expected content type).
     *
     * @param version the negotiated protocol version
     * @param sdkServer the {@code x-restate-server} header (e.g. {@code restate-sdk-java/2.4.0}), or null
     */
    void onResponseStarted(ProtocolVersion version, String sdkServer);

    /**
     * The SDK sent a new journal entry: a command (or a custom entry). The frame holds the exact bytes to store and
     * replay. If {@code entry.ackRequested()} the worker sends a {@code CommandAckMessage} once it is durable.
     *
     * @param commandIndex the entry's command index (Input = 0), or -1 for custom entries
     * @param entry the entry as received
     */
    void onCommand(int commandIndex, Frame entry);

    /**
     * The SDK proposes the result of a run block. The worker appends a {@code RunCompletionNotification} with
     * {@code completion_id = result_completion_id} and the value or failure, then sends that notification (V5/V6,
     * or no ack requested) or a {@code ProposeRunCompletionAckMessage} (V7 with {@code ackRequested}).
     *
     * @param proposal the proposal
     * @param ackRequested whether the SDK set the A flag
     */
    void onRunProposal(ProposeRunCompletionMessage proposal, boolean ackRequested);

    /**
     * The attempt ended. Last call.
     *
     * @param outcome how it ended
     */
    void onOutcome(AttemptOutcome outcome);
}
