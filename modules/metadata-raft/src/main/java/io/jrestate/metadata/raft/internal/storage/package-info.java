/** Durable state of a Raft node: hard-state and snapshot files, and the log behind RaftLogStorage. */
package io.jrestate.metadata.raft.internal.storage;
