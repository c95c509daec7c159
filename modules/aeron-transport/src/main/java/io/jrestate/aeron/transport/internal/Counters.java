package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.TransportCounters;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link TransportCounters}; written from the agent and sending threads. */
public final class Counters {
    final AtomicLong framesMalformed = new AtomicLong();
    final AtomicLong framesFromUnknownSessions = new AtomicLong();
    final AtomicLong handshakesRefused = new AtomicLong();
    final AtomicLong rejectsReceived = new AtomicLong();
    final AtomicLong messagesExpiredInQueue = new AtomicLong();
    final AtomicLong messagesWithoutHandler = new AtomicLong();
    final AtomicLong requestsTimedOut = new AtomicLong();
    final AtomicLong queueFullRejections = new AtomicLong();

    /**
     * A snapshot.
     *
     * @return the current values
     */
    public TransportCounters snapshot() {
        return new TransportCounters(framesMalformed.get(), framesFromUnknownSessions.get(), handshakesRefused.get(),
            rejectsReceived.get(), messagesExpiredInQueue.get(), messagesWithoutHandler.get(),
            requestsTimedOut.get(), queueFullRejections.get());
    }

    /** Counts a send refused because the queue was full. */
    public void onQueueFull() {
        queueFullRejections.incrementAndGet();
    }
}
