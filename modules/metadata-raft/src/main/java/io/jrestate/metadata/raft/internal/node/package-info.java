/** The metadata server member: Raft core, storage and state machine driven as one deterministic unit. */
package io.jrestate.metadata.raft.internal.node;
