package io.jrestate.metadata.raft.internal.net;

import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportException;
import io.jrestate.metadata.raft.internal.client.MetadataMember;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * A metadata server member reached over the node transport. Transport failures become the answers the client's
 * retry logic expects, taking care never to turn a write that may have been applied into a safe retry:
 *
 * <table>
 *   <caption>Transport failure to client answer</caption>
 *   <tr><th>failure</th><th>read</th><th>write</th></tr>
 *   <tr><td>UNKNOWN_PEER, QUEUE_FULL (never sent)</td><td>Busy</td><td>Busy</td></tr>
 *   <tr><td>TIMEOUT</td><td>TimeoutException</td><td>TimeoutException (the client reports outcome unknown)</td></tr>
 *   <tr><td>PEER_LOST, PEER_RESTARTED, REMOTE_ERROR, CLOSED</td><td>Busy</td><td>OutcomeUnknown</td></tr>
 * </table>
 */
public final class TransportMember implements MetadataMember {
    /** Transport message type of metadata client requests. */
    public static final int METADATA_REQUEST_TYPE = 0x0101;

    private final Transport transport;
    private final long nodeId;
    private final long timeoutNs;

    /**
     * Creates the member proxy.
     *
     * @param transport the node's transport (the member must be added as a peer)
     * @param nodeId the member's node id
     * @param timeoutNs the transport timeout of one request
     */
    public TransportMember(final Transport transport, final long nodeId, final long timeoutNs) {
        this.transport = transport;
        this.nodeId = nodeId;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public long nodeId() {
        return nodeId;
    }

    @Override
    public CompletableFuture<MetadataResponse> submit(final MetadataRequest request) {
        final CompletableFuture<MetadataResponse> answer = new CompletableFuture<>();
        if (transport.connectedPeer((int) nodeId).isEmpty()) {
            // No session (the member is down or still starting): try another member now rather than wait for a
            // timeout. Nothing was sent, so this is safe for writes too.
            answer.complete(new MetadataResponse.Busy("no session with metadata server " + nodeId));
            return answer;
        }
        transport.request((int) nodeId, METADATA_REQUEST_TYPE, MetadataRpcCodec.encode(request), timeoutNs)
            .whenComplete((response, error) -> {
                if (error == null) {
                    try {
                        answer.complete(MetadataRpcCodec.decodeResponse(response.body()));
                    } catch (final IllegalArgumentException e) {
                        answer.complete(failed(request, "undecodable answer from member " + nodeId + ": "
                            + e.getMessage()));
                    }
                    return;
                }
                final Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof TransportException te) {
                    switch (te.reason()) {
                        case UNKNOWN_PEER, QUEUE_FULL -> answer.complete(new MetadataResponse.Busy(te.getMessage()));
                        case TIMEOUT -> answer.completeExceptionally(new TimeoutException(te.getMessage()));
                        default -> answer.complete(failed(request, te.getMessage()));
                    }
                } else {
                    answer.complete(failed(request, String.valueOf(cause)));
                }
            });
        return answer;
    }

    private static MetadataResponse failed(final MetadataRequest request, final String reason) {
        final boolean write = request instanceof MetadataRequest.Put || request instanceof MetadataRequest.Delete;
        return write ? new MetadataResponse.OutcomeUnknown(reason) : new MetadataResponse.Busy(reason);
    }
}
