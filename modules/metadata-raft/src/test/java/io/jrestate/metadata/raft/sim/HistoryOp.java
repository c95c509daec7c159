package io.jrestate.metadata.raft.sim;

import io.jrestate.metadata.raft.Precondition;

/**
 * One completed (or abandoned) client operation on one key, as the history checkers see it.
 *
 * @param client the client that issued it
 * @param kind GET, PUT or DELETE
 * @param precondition the write's condition (null for GET)
 * @param writtenValueId the unique id a PUT wrote
 * @param invokeNs simulated time of the first attempt
 * @param returnNs simulated time of the answer, {@link Long#MAX_VALUE} when the outcome is unknown
 * @param outcome OK, PRECONDITION_FAILED or UNKNOWN
 * @param version for OK PUT the new version; for OK GET the version read (0 = absent); for PRECONDITION_FAILED
 *     the current version reported
 * @param readValueId for OK GET, the id of the value read (0 when absent)
 */
record HistoryOp(int client, Kind kind, Precondition precondition, long writtenValueId, long invokeNs,
                 long returnNs, Outcome outcome, long version, long readValueId) {
    /** Operation kinds. */
    enum Kind { GET, PUT, DELETE }

    /** Outcomes. */
    enum Outcome { OK, PRECONDITION_FAILED, UNKNOWN }

    @Override
    public String toString() {
        return "c" + client + " " + kind + (precondition == null ? "" : " " + precondition.kind() + "("
            + precondition.version() + ")") + (kind == Kind.PUT ? " val" + writtenValueId : "") + " ["
            + invokeNs / 1_000_000 + "ms.." + (returnNs == Long.MAX_VALUE ? "?" : returnNs / 1_000_000 + "ms") + "] "
            + outcome + " v" + version + (kind == Kind.GET ? " val" + readValueId : "");
    }
}
