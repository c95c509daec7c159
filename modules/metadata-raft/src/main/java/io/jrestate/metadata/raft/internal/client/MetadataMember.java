package io.jrestate.metadata.raft.internal.client;

import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import java.util.concurrent.CompletableFuture;

/** A metadata server member the client can send requests to (in-process runner, or a network stub later). */
public interface MetadataMember {
    /** @return the member's node id (leader hints name it) */
    long nodeId();

    /**
     * Sends a request.
     *
     * @param request the request
     * @return the answer, or an exceptional future when the member cannot be reached
     */
    CompletableFuture<MetadataResponse> submit(MetadataRequest request);
}
