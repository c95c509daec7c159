package io.jrestate.log.server;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.SendStatus;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.log.server.internal.wire.LogServerWire;
import io.jrestate.log.server.internal.wire.RequestEncoder;
import io.jrestate.log.server.internal.wire.ResponseCodec;

import java.util.concurrent.CompletableFuture;

/**
 * Calls the log-server RPCs of other nodes over a {@link Transport}: what a replicated loglet's sequencer, its
 * readers and its repair tasks use. Every method returns at once; the future completes on the transport's agent
 * thread (attach heavy work with the {@code *Async} methods) with the server's answer, whose {@link TailState}
 * carries the status and the server's tails. A future fails with the transport's
 * {@link io.jrestate.aeron.transport.TransportException} (timeout, peer lost, ...) or with a
 * {@link MalformedMessageException} when the answer does not decode. Thread-safe.
 */
public final class LogServerClient {
    private final Transport transport;
    private final long requestTimeoutNs;

    /**
     * Creates a client.
     *
     * @param transport the node's transport (peers must be known to it)
     * @param requestTimeoutNs how long each request may take, except {@code WaitForTail}
     */
    public LogServerClient(final Transport transport, final long requestTimeoutNs) {
        this.transport = transport;
        this.requestTimeoutNs = requestTimeoutNs;
    }

    /**
     * Stores records; answered once they are durable on the server (status {@code OK}) or refused.
     *
     * @param nodeId the log server's plain node id
     * @param store the store
     * @return the status and tails
     */
    public CompletableFuture<TailState> store(final int nodeId, final StoreRequest store) {
        final byte[] body = new RequestEncoder()
            .header(store.ignoreSeal() ? LogServerWire.FLAG_IGNORE_SEAL : 0, store.knownGlobalTail(),
                store.logletId())
            .u32(store.firstOffset()).u32(store.payloads().size()).u64(LogServerWire.packNodeId(store.sequencer()))
            .u64(store.timeoutAtUnixMs()).payloads(store.payloads()).toBytes();
        return call(nodeId, LogServerMessageTypes.STORE, body, requestTimeoutNs)
            .thenApply(response -> ResponseCodec.decodeHeader(response, "Stored"));
    }

    /**
     * Reads records {@code fromOffset..toOffset} (inclusive) that the server holds, up to a byte budget.
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param fromOffset the first offset, from 1
     * @param toOffset the last offset
     * @param budgetBytes the most payload bytes wanted (at least one record comes back if the server has one)
     * @return the records, trim gaps and where to continue
     */
    public CompletableFuture<RecordsReply> getRecords(final int nodeId, final long logletId, final long fromOffset,
        final long toOffset, final long budgetBytes) {
        final byte[] body = new RequestEncoder().header(0, 0, logletId).u32(fromOffset).u32(toOffset)
            .u32(Math.min(budgetBytes, 0xFFFF_FFFFL)).toBytes();
        return call(nodeId, LogServerMessageTypes.GET_RECORDS, body, requestTimeoutNs)
            .thenApply(ResponseCodec::decodeRecords);
    }

    /**
     * Seals a loglet on the server: answered once the seal is durable; the tail state then holds the server's
     * local tail, which no store can move any more (repair stores aside).
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param asker the node asking (for the server's log)
     * @param knownGlobalTail the asker's known global tail
     * @return the status and tails
     */
    public CompletableFuture<TailState> seal(final int nodeId, final long logletId, final GenerationalNodeId asker,
        final long knownGlobalTail) {
        final byte[] body = new RequestEncoder().header(0, knownGlobalTail, logletId)
            .u64(LogServerWire.packNodeId(asker)).toBytes();
        return call(nodeId, LogServerMessageTypes.SEAL, body, requestTimeoutNs)
            .thenApply(response -> ResponseCodec.decodeHeader(response, "Sealed"));
    }

    /**
     * Trims a loglet up to an offset (inclusive), clipped by the server to what is known committed.
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param trimPointOffset the trim point
     * @param knownGlobalTail the caller's known global tail
     * @return the status and tails, once the trim point is durable
     */
    public CompletableFuture<TailState> trim(final int nodeId, final long logletId, final long trimPointOffset,
        final long knownGlobalTail) {
        final byte[] body = new RequestEncoder().header(0, knownGlobalTail, logletId).u32(trimPointOffset).toBytes();
        return call(nodeId, LogServerMessageTypes.TRIM, body, requestTimeoutNs)
            .thenApply(response -> ResponseCodec.decodeHeader(response, "Trimmed"));
    }

    /**
     * Tells the server the loglet's global tail (one-way, not awaited).
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param globalTail the global tail
     * @return what happened to the message
     */
    public SendStatus release(final int nodeId, final long logletId, final long globalTail) {
        return transport.send(nodeId, LogServerMessageTypes.RELEASE,
            new RequestEncoder().header(0, globalTail, logletId).toBytes());
    }

    /**
     * The server's view of a loglet: tails, sealed flag, trim point.
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @return the info
     */
    public CompletableFuture<LogletInfoReply> info(final int nodeId, final long logletId) {
        final byte[] body = new RequestEncoder().header(0, 0, logletId).toBytes();
        return call(nodeId, LogServerMessageTypes.GET_LOGLET_INFO, body, requestTimeoutNs)
            .thenApply(ResponseCodec::decodeLogletInfo);
    }

    /**
     * Waits until the server's local or known global tail reaches an offset, or the loglet is sealed.
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param query which tail
     * @param offset the tail to reach
     * @param timeoutNs how long to wait
     * @return the tails once reached
     */
    public CompletableFuture<TailState> waitForTail(final int nodeId, final long logletId, final TailQuery query,
        final long offset, final long timeoutNs) {
        final byte[] body = new RequestEncoder().header(0, 0, logletId).waitForTail(query, offset).toBytes();
        return call(nodeId, LogServerMessageTypes.WAIT_FOR_TAIL, body, timeoutNs)
            .thenApply(response -> ResponseCodec.decodeHeader(response, "TailUpdated"));
    }

    /**
     * Which offsets of {@code fromOffset..toOffset} the server holds (for repair).
     *
     * @param nodeId the log server
     * @param logletId the loglet
     * @param fromOffset the first offset
     * @param toOffset the last offset
     * @return the runs
     */
    public CompletableFuture<DigestReply> digest(final int nodeId, final long logletId, final long fromOffset,
        final long toOffset) {
        final byte[] body = new RequestEncoder().header(0, 0, logletId).u32(fromOffset).u32(toOffset).toBytes();
        return call(nodeId, LogServerMessageTypes.GET_DIGEST, body, requestTimeoutNs)
            .thenApply(ResponseCodec::decodeDigest);
    }

    private CompletableFuture<byte[]> call(final int nodeId, final int type, final byte[] body, final long timeoutNs) {
        return transport.request(nodeId, type, body, timeoutNs).thenApply(response -> response.body());
    }
}
