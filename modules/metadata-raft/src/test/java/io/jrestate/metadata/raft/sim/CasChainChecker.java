package io.jrestate.metadata.raft.sim;

import io.jrestate.metadata.raft.Precondition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The versioned compare-and-set chain check (as in Restate's chaos test): every put on the chain key uses
 * {@code MatchesVersion(v)} (or {@code DoesNotExist} for the first), so each version has at most one value. It
 * verifies that acknowledged puts claim distinct versions, that every read returns a value some put wrote at
 * exactly that version (the acknowledged one when there is one), that each client's reads never go back, and
 * that the final version is at least the highest acknowledged one.
 */
final class CasChainChecker {
    private CasChainChecker() {
    }

    /**
     * Checks the chain key's history.
     *
     * @param ops every operation on the chain key
     * @param finalVersion the key's version on the converged leader at the end
     * @return null when the chain holds, otherwise the first violation in words
     */
    static String check(final List<HistoryOp> ops, final long finalVersion) {
        final Map<Long, Long> acked = new HashMap<>();
        final Set<String> attempted = new HashSet<>();
        long maxAcked = 0;
        for (final HistoryOp op : ops) {
            if (op.kind() != HistoryOp.Kind.PUT) {
                continue;
            }
            final long version = op.precondition().kind() == Precondition.Kind.DOES_NOT_EXIST
                ? 1 : op.precondition().version() + 1;
            attempted.add(version + ":" + op.writtenValueId());
            if (op.outcome() == HistoryOp.Outcome.OK) {
                if (op.version() != version) {
                    return "put " + op + " acknowledged version " + op.version() + " but its CAS implies " + version;
                }
                final Long previous = acked.putIfAbsent(version, op.writtenValueId());
                if (previous != null) {
                    return "two acknowledged puts at version " + version + ": values " + previous + " and "
                        + op.writtenValueId();
                }
                maxAcked = Math.max(maxAcked, version);
            }
        }
        final Map<Integer, Long> lastReadByClient = new HashMap<>();
        for (final HistoryOp op : ops) {
            if (op.kind() != HistoryOp.Kind.GET || op.outcome() != HistoryOp.Outcome.OK || op.version() == 0) {
                continue;
            }
            final Long ackedValue = acked.get(op.version());
            if (ackedValue != null && ackedValue != op.readValueId()) {
                return "read " + op + " saw value " + op.readValueId() + " but version " + op.version()
                    + " was acknowledged with value " + ackedValue;
            }
            if (!attempted.contains(op.version() + ":" + op.readValueId())) {
                return "read " + op + " saw a value no put wrote at that version";
            }
            final long last = lastReadByClient.getOrDefault(op.client(), 0L);
            if (op.version() < last) {
                return "client " + op.client() + " read version " + op.version() + " after reading " + last;
            }
            lastReadByClient.put(op.client(), op.version());
        }
        if (finalVersion < maxAcked) {
            return "final chain version " + finalVersion + " is below the acknowledged version " + maxAcked;
        }
        return null;
    }
}
