/**
 * The pure Raft core: {@link io.jrestate.metadata.raft.core.RaftCore} driven by tick/step/ready/advance, with its
 * messages, entries and snapshots. No threads, clocks, randomness of its own or I/O.
 */
package io.jrestate.metadata.raft.core;
