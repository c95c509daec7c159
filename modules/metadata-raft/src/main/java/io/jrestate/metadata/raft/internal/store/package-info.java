/** The replicated versioned key-value state machine and its command codec. */
package io.jrestate.metadata.raft.internal.store;
