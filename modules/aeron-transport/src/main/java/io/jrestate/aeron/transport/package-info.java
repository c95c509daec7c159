/**
 * Node-to-node messaging over Aeron: an embedded media driver per node, sessions with identity, one-way messages
 * and request/response RPC. See the module's OVERVIEW.md.
 */
package io.jrestate.aeron.transport;
