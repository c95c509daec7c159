/** The network shell of a metadata server member: Raft messages and client requests over the node transport. */
package io.jrestate.metadata.raft.internal.net;
