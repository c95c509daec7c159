/** A from-scratch Raft and the replicated metadata store built on it. */
module io.jrestate.metadata.raft {
    requires transitive io.jrestate.common;
    requires io.jrestate.log.segments;
}
