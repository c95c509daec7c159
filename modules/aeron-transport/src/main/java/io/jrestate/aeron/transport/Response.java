package io.jrestate.aeron.transport;

/**
 * The answer to a request.
 *
 * @param from the node that answered, with its generation
 * @param body the response body (owned by the caller)
 */
public record Response(GenerationalNodeId from, byte[] body) {
}
