package io.jrestate.metadata.raft.core;

/**
 * The answer to a ReadIndex request (Raft thesis §6.4): once the local state machine has applied
 * {@code index}, a read tagged {@code requestCtx} may be served linearizably.
 *
 * @param requestCtx the caller's tag given to {@link RaftCore#readIndex(long)}
 * @param index the commit index the leader confirmed while still holding a quorum
 */
public record ReadState(long requestCtx, long index) {
}
