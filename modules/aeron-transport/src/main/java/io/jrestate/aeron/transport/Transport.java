package io.jrestate.aeron.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Node-to-node messaging: one-way messages and request/response, addressed by plain node id, between nodes that
 * proved they belong to the same cluster. This is what the Raft shell, the log-server RPCs and the rest of the
 * server program against; {@link AeronTransport} implements it over Aeron UDP.
 *
 * <p>Guarantees. Messages from one node to another arrive in the order sent, at most once. A message can be lost
 * when the link fails or the peer restarts; requests then fail with {@link TransportException.Reason#PEER_LOST} or
 * {@link TransportException.Reason#PEER_RESTARTED} (or time out), never silently. A send that finds the peer's
 * publication full waits in a bounded per-peer queue; only when that queue is full does the caller get
 * {@link SendStatus#QUEUE_FULL} (or {@link TransportException.Reason#QUEUE_FULL}).
 *
 * <p>Threading. {@code send} and {@code request} may be called from any thread and never block on the network.
 * Handlers and the completion of returned futures run on the transport's single agent thread: they must not block
 * (hand long work to another thread and answer through the {@link Responder} later, from any thread).
 */
public interface Transport extends AutoCloseable {
    /**
     * This node's identity.
     *
     * @return the identity sent in every handshake
     */
    NodeIdentity identity();

    /**
     * Tells the transport where a node can be reached; it starts the handshake right away. Calling it again with
     * another address moves the link. Nodes that contact this node first are added by themselves.
     *
     * @param nodeId the plain node id
     * @param address the node's advertised UDP address
     */
    void addPeer(int nodeId, InetSocketAddress address);

    /**
     * Finds out which node listens at an address by handshaking with it, for configurations that list addresses
     * without node ids ({@code [metadata-client] addresses}). The node found becomes a peer as if added with
     * {@link #addPeer}. Retries until answered; bound it with {@link CompletableFuture#orTimeout}.
     *
     * @param address an advertised UDP address
     * @return the generational id of the node there
     */
    CompletableFuture<GenerationalNodeId> probe(InetSocketAddress address);

    /**
     * The generation of a peer with which a session is established.
     *
     * @param nodeId the plain node id
     * @return the peer's generational id, or empty while no session is established
     */
    Optional<GenerationalNodeId> connectedPeer(int nodeId);

    /**
     * Sends a one-way message. The bytes are copied (or written to the publication) before this returns.
     *
     * @param nodeId the destination's plain node id
     * @param messageType the application's message type, 0 to 65,535
     * @param buffer the message body
     * @param offset where the body starts
     * @param length the body length, at most {@link TransportOptions#messageLengthMaxBytes()}
     * @return what happened to the message
     */
    SendStatus send(int nodeId, int messageType, DirectBuffer buffer, int offset, int length);

    /**
     * Sends a one-way message held in an array.
     *
     * @param nodeId the destination's plain node id
     * @param messageType the message type
     * @param body the message body
     * @return what happened to the message
     */
    default SendStatus send(final int nodeId, final int messageType, final byte[] body) {
        return send(nodeId, messageType, new UnsafeBuffer(body), 0, body.length);
    }

    /**
     * Sends a request and returns its response. The future fails with a {@link TransportException} naming the
     * reason: timeout, queue full, unknown peer, peer lost or restarted, remote error, transport closed.
     *
     * @param nodeId the destination's plain node id
     * @param messageType the request's message type; the handler registered with {@link #serve} for it answers
     * @param buffer the request body
     * @param offset where the body starts
     * @param length the body length
     * @param timeoutNs how long to wait for the response
     * @return the response
     */
    CompletableFuture<Response> request(int nodeId, int messageType, DirectBuffer buffer, int offset, int length,
        long timeoutNs);

    /**
     * Sends a request held in an array.
     *
     * @param nodeId the destination's plain node id
     * @param messageType the message type
     * @param body the request body
     * @param timeoutNs how long to wait for the response
     * @return the response
     */
    default CompletableFuture<Response> request(final int nodeId, final int messageType, final byte[] body,
        final long timeoutNs) {
        return request(nodeId, messageType, new UnsafeBuffer(body), 0, body.length, timeoutNs);
    }

    /**
     * Registers the handler of one-way messages of a type, replacing any earlier one.
     *
     * @param messageType the message type
     * @param handler the handler, run on the agent thread
     */
    void handle(int messageType, MessageHandler handler);

    /**
     * Registers the handler of requests of a type, replacing any earlier one. Requests of a type without a
     * handler are answered with an error.
     *
     * @param messageType the message type
     * @param handler the handler, run on the agent thread
     */
    void serve(int messageType, RequestHandler handler);

    /**
     * Counters for tests and metrics.
     *
     * @return a snapshot
     */
    TransportCounters counters();

    /** Stops the transport; pending requests fail with {@link TransportException.Reason#CLOSED}. */
    @Override
    void close();
}
