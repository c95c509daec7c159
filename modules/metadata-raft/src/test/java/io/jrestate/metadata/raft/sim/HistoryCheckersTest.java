package io.jrestate.metadata.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jrestate.metadata.raft.Precondition;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the history checkers themselves on small hand-made histories, so that a passing simulation means
 * something: a stale read and a lost acknowledged write must be caught, while concurrency and writes with an
 * unknown outcome that did (or did not) take effect must be accepted.
 */
class HistoryCheckersTest {
    private static final long U = Long.MAX_VALUE;

    private static HistoryOp put(final int client, final Precondition pc, final long valueId, final long from,
                                 final long to, final HistoryOp.Outcome outcome, final long version) {
        return new HistoryOp(client, HistoryOp.Kind.PUT, pc, valueId, from, to, outcome, version, 0);
    }

    private static HistoryOp get(final int client, final long from, final long to, final long version,
                                 final long valueId) {
        return new HistoryOp(client, HistoryOp.Kind.GET, null, 0, from, to, HistoryOp.Outcome.OK, version, valueId);
    }

    @Test
    void shouldAcceptASequentialHistoryAndRejectAStaleRead() {
        final HistoryOp w1 = put(1, Precondition.none(), 11, 0, 10, HistoryOp.Outcome.OK, 1);
        final HistoryOp w2 = put(1, Precondition.none(), 12, 20, 30, HistoryOp.Outcome.OK, 2);
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(List.of(w1, w2, get(2, 40, 50, 2, 12))));
        assertEquals(LinearizabilityChecker.Verdict.VIOLATION,
            LinearizabilityChecker.check(List.of(w1, w2, get(2, 40, 50, 1, 11))), "read after w2 saw w1");
    }

    @Test
    void shouldAcceptAConcurrentReadOfEitherValue() {
        final HistoryOp w1 = put(1, Precondition.none(), 11, 0, 10, HistoryOp.Outcome.OK, 1);
        final HistoryOp w2 = put(1, Precondition.none(), 12, 20, 60, HistoryOp.Outcome.OK, 2);
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(List.of(w1, w2, get(2, 30, 40, 1, 11))));
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(List.of(w1, w2, get(2, 30, 40, 2, 12))));
    }

    @Test
    void shouldLetAnUnknownWriteTakeEffectLateOrNever() {
        final HistoryOp unknown = put(1, Precondition.none(), 11, 0, U, HistoryOp.Outcome.UNKNOWN, 0);
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(List.of(unknown, get(2, 10, 20, 0, 0), get(2, 30, 40, 1, 11))));
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE,
            LinearizabilityChecker.check(List.of(unknown, get(2, 10, 20, 0, 0))));
        assertEquals(LinearizabilityChecker.Verdict.VIOLATION, LinearizabilityChecker.check(
            List.of(unknown, get(2, 10, 20, 1, 11), get(2, 30, 40, 0, 0))), "a write cannot be undone");
    }

    @Test
    void shouldRejectAWrongPreconditionOutcome() {
        final HistoryOp w1 = put(1, Precondition.doesNotExist(), 11, 0, 10, HistoryOp.Outcome.OK, 1);
        final HistoryOp w2 = put(2, Precondition.doesNotExist(), 12, 20, 30, HistoryOp.Outcome.OK, 1);
        assertEquals(LinearizabilityChecker.Verdict.VIOLATION, LinearizabilityChecker.check(List.of(w1, w2)));
    }

    @Test
    void shouldCatchTwoAcknowledgedValuesForOneChainVersionAndALostWrite() {
        final HistoryOp a = put(1, Precondition.matchesVersion(3), 11, 0, 10, HistoryOp.Outcome.OK, 4);
        final HistoryOp b = put(2, Precondition.matchesVersion(3), 12, 0, 10, HistoryOp.Outcome.OK, 4);
        assertNotNull(CasChainChecker.check(List.of(a, b), 4));
        assertNotNull(CasChainChecker.check(List.of(a), 3), "final version below an acknowledged one");
        assertNull(CasChainChecker.check(List.of(a, get(3, 20, 30, 4, 11)), 4));
        assertNotNull(CasChainChecker.check(List.of(a, get(3, 20, 30, 4, 99)), 4), "read a value never written");
    }
}
