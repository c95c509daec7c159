package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of requests in flight: what keeps the node thread awaiting an answer, and what ends that. */
class PendingRequestsTest {
    private static final GenerationalNodeId N2 = new GenerationalNodeId(2, 1);

    @Test
    void shouldAwaitAnswersOnlyWhileARequestWaits() {
        final PendingRequests pending = new PendingRequests(1000, new Counters());
        assertFalse(pending.awaitsAnswers());
        final PendingRequests.Pending request = pending.register(2, 7, 5_000);
        assertTrue(pending.awaitsAnswers());
        assertTrue(pending.complete(request.correlationId(), N2, new byte[] {1}));
        assertFalse(pending.awaitsAnswers());
        assertEquals(1, request.future().join().body()[0]);
    }

    @Test
    void shouldForgetARequestItsCallerCancelledAtTheNextExpiryPass() {
        final PendingRequests pending = new PendingRequests(1000, new Counters());
        final PendingRequests.Pending cancelled = pending.register(2, 7, 5_000);
        final PendingRequests.Pending waiting = pending.register(2, 7, 5_000);
        cancelled.future().cancel(false);
        pending.failExpired(1_000);
        assertEquals(1, pending.size(), "only the request still waiting is kept");
        assertFalse(pending.complete(cancelled.correlationId(), N2, new byte[0]), "a late answer finds nobody");
        pending.failExpired(5_000);
        assertFalse(pending.awaitsAnswers());
        final CompletionException timedOut = assertThrows(CompletionException.class, () -> waiting.future().join());
        assertEquals(TransportException.Reason.TIMEOUT,
            assertInstanceOf(TransportException.class, timedOut.getCause()).reason());
    }
}
