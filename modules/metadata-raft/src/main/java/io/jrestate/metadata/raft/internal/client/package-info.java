/** The metadata store client: leader following, retries with backoff, clear errors. */
package io.jrestate.metadata.raft.internal.client;
