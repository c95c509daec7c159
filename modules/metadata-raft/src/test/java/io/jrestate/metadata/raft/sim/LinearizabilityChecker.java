package io.jrestate.metadata.raft.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small Wing-Gong linearizability checker (with Lowe's memoization) for the history of one versioned register:
 * it searches for an order of the operations that respects real time and the sequential specification of the
 * store (versions, preconditions, values). Operations with an unknown outcome may take effect at any point after
 * their invocation, or never.
 *
 * <p>The search is exponential in the worst case; histories are kept short (about 150 operations, at most three
 * clients) and a state budget bounds the work. A history that exhausts the budget is reported as inconclusive,
 * never as passing.
 */
final class LinearizabilityChecker {
    /** The verdicts. */
    enum Verdict { LINEARIZABLE, VIOLATION, INCONCLUSIVE }

    private static final int STATES_MAX = 300_000;

    /** A visited search state: which operations are linearized, and the register's value. */
    private static final class Memo {
        private final long[] doneWords;
        private final long version;
        private final long valueId;
        private final int hash;

        Memo(final long[] doneWords, final long version, final long valueId) {
            this.doneWords = doneWords;
            this.version = version;
            this.valueId = valueId;
            this.hash = (java.util.Arrays.hashCode(doneWords) * 31 + Long.hashCode(version)) * 31
                + Long.hashCode(valueId);
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Memo m && m.version == version && m.valueId == valueId
                && java.util.Arrays.equals(m.doneWords, doneWords);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final List<HistoryOp> ops;
    private final Set<Memo> seen = new HashSet<>();
    private int statesVisited;

    private LinearizabilityChecker(final List<HistoryOp> ops) {
        this.ops = new ArrayList<>(ops);
        this.ops.sort((a, b) -> Long.compare(a.invokeNs(), b.invokeNs()));
    }

    /**
     * Checks one key's history, starting from an absent key.
     *
     * @param ops the operations on the key
     * @return the verdict
     */
    static Verdict check(final List<HistoryOp> ops) {
        final LinearizabilityChecker checker = new LinearizabilityChecker(ops);
        try {
            return checker.search(new BitSet(ops.size()), 0, 0) ? Verdict.LINEARIZABLE : Verdict.VIOLATION;
        } catch (final BudgetExceeded e) {
            return Verdict.INCONCLUSIVE;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private boolean search(final BitSet done, final long version, final long valueId) {
        if (allKnownDone(done)) {
            return true;
        }
        if (!seen.add(new Memo(done.toLongArray(), version, valueId))) {
            return false;
        }
        if (++statesVisited > STATES_MAX) {
            throw new BudgetExceeded();
        }
        final long horizon = minReturnOfPending(done);
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            final HistoryOp op = ops.get(i);
            if (op.invokeNs() > horizon) {
                break;
            }
            final long[] next = step(op, version, valueId);
            if (next == null) {
                continue;
            }
            done.set(i);
            final boolean ok = search(done, next[0], next[1]);
            done.clear(i);
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private boolean allKnownDone(final BitSet done) {
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            if (ops.get(i).outcome() != HistoryOp.Outcome.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** Operations that must be linearized before any op invoked after this time. */
    private long minReturnOfPending(final BitSet done) {
        long min = Long.MAX_VALUE;
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            min = Math.min(min, ops.get(i).returnNs());
        }
        return min;
    }

    /** Applies op to (version, valueId); returns the new state, or null when the op's observed result disagrees. */
    static long[] step(final HistoryOp op, final long version, final long valueId) {
        final boolean known = op.outcome() != HistoryOp.Outcome.UNKNOWN;
        switch (op.kind()) {
            case GET -> {
                return op.version() == version && op.readValueId() == valueId ? new long[] {version, valueId} : null;
            }
            case PUT, DELETE -> {
                final boolean holds = op.precondition().holdsFor(version);
                if (!holds) {
                    if (!known) {
                        return new long[] {version, valueId};
                    }
                    return op.outcome() == HistoryOp.Outcome.PRECONDITION_FAILED && op.version() == version
                        ? new long[] {version, valueId} : null;
                }
                if (known && op.outcome() != HistoryOp.Outcome.OK) {
                    return null;
                }
                if (op.kind() == HistoryOp.Kind.DELETE) {
                    return new long[] {0, 0};
                }
                if (known && op.version() != version + 1) {
                    return null;
                }
                return new long[] {version + 1, op.writtenValueId()};
            }
            default -> throw new IllegalStateException("unknown op kind " + op.kind());
        }
    }
}
