/**
 * The metadata store API the rest of the server uses: {@link io.jrestate.metadata.raft.MetadataStore}, its values,
 * preconditions, errors and client options.
 */
package io.jrestate.metadata.raft;
