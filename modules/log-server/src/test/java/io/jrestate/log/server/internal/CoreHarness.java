package io.jrestate.log.server.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.log.server.DigestReply;
import io.jrestate.log.server.LogServerMessageTypes;
import io.jrestate.log.server.LogletInfoReply;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.TailQuery;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.wire.LogServerWire;
import io.jrestate.log.server.internal.wire.RequestEncoder;
import io.jrestate.log.server.internal.wire.ResponseCodec;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a {@link LogServerCore} the way the RPC layer does (encoded requests, decoded by the server's decoder,
 * answers decoded by the client's decoder), without a transport.
 */
final class CoreHarness {
    static final GenerationalNodeId SEQUENCER = new GenerationalNodeId(1, 1);
    static final long WAIT_SECONDS = 30;

    final LogServerCore core;
    final LogletStorage storage;
    final AtomicLong nowMs = new AtomicLong(1_000_000);

    private CoreHarness(final LogletStorage storage, final LogServerOptions options) {
        this.storage = storage;
        this.core = new LogServerCore(storage, options, nowMs::get);
    }

    static CoreHarness open(final Path dir, final StorageIo io) throws IOException {
        return open(dir, io, MetaJournal.COMPACT_AFTER_RECORDS);
    }

    static CoreHarness open(final Path dir, final StorageIo io, final int compactJournalAfter) throws IOException {
        return open(dir, io, compactJournalAfter, LogServerOptions.defaults());
    }

    static CoreHarness open(final Path dir, final StorageIo io, final int compactJournalAfter,
        final LogServerOptions options) throws IOException {
        return new CoreHarness(LogletStorage.open(dir, LogStoreOptions.builder().io(io).segmentBytes(1L << 20)
            .spareSegments(0).build(), compactJournalAfter), options);
    }

    void close() throws InterruptedException {
        core.close(5_000);
    }

    CompletableFuture<byte[]> call(final int type, final byte[] body) {
        final CompletableFuture<byte[]> answer = new CompletableFuture<>();
        core.submit(LogServerWire.decode(type, new UnsafeBuffer(body), 0, body.length), answer::complete);
        return answer;
    }

    static List<byte[]> texts(final String... texts) {
        final List<byte[]> payloads = new ArrayList<>();
        for (final String text : texts) {
            payloads.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    CompletableFuture<TailState> storeAsync(final long loglet, final GenerationalNodeId sequencer, final int flags,
        final long first, final List<byte[]> payloads, final long timeoutAtMs) {
        final byte[] body = new RequestEncoder().header(flags, 0, loglet).u32(first).u32(payloads.size())
            .u64(LogServerWire.packNodeId(sequencer)).u64(timeoutAtMs).payloads(payloads).toBytes();
        return call(LogServerMessageTypes.STORE, body).thenApply(r -> ResponseCodec.decodeHeader(r, "Stored"));
    }

    TailState store(final long loglet, final long first, final String... texts) throws Exception {
        return await(storeAsync(loglet, SEQUENCER, 0, first, texts(texts), 0));
    }

    RecordsReply read(final long loglet, final long from, final long to, final long budget) throws Exception {
        final byte[] body = new RequestEncoder().header(0, 0, loglet).u32(from).u32(to).u32(budget).toBytes();
        return await(call(LogServerMessageTypes.GET_RECORDS, body).thenApply(ResponseCodec::decodeRecords));
    }

    TailState seal(final long loglet) throws Exception {
        final byte[] body = new RequestEncoder().header(0, 0, loglet).u64(LogServerWire.packNodeId(SEQUENCER))
            .toBytes();
        return await(call(LogServerMessageTypes.SEAL, body).thenApply(r -> ResponseCodec.decodeHeader(r, "Sealed")));
    }

    TailState trim(final long loglet, final long trimPoint, final long knownGlobalTail) throws Exception {
        final byte[] body = new RequestEncoder().header(0, knownGlobalTail, loglet).u32(trimPoint).toBytes();
        return await(call(LogServerMessageTypes.TRIM, body).thenApply(r -> ResponseCodec.decodeHeader(r,
            "Trimmed")));
    }

    void release(final long loglet, final long globalTail) {
        final byte[] body = new RequestEncoder().header(0, globalTail, loglet).toBytes();
        core.submit(LogServerWire.decode(LogServerMessageTypes.RELEASE, new UnsafeBuffer(body), 0, body.length),
            ignored -> {
            });
    }

    LogletInfoReply info(final long loglet) throws Exception {
        final byte[] body = new RequestEncoder().header(0, 0, loglet).toBytes();
        return await(call(LogServerMessageTypes.GET_LOGLET_INFO, body).thenApply(ResponseCodec::decodeLogletInfo));
    }

    CompletableFuture<TailState> waitForTail(final long loglet, final TailQuery query, final long offset) {
        final byte[] body = new RequestEncoder().header(0, 0, loglet).waitForTail(query, offset).toBytes();
        return call(LogServerMessageTypes.WAIT_FOR_TAIL, body).thenApply(r -> ResponseCodec.decodeHeader(r,
            "TailUpdated"));
    }

    DigestReply digest(final long loglet, final long from, final long to) throws Exception {
        final byte[] body = new RequestEncoder().header(0, 0, loglet).u32(from).u32(to).toBytes();
        return await(call(LogServerMessageTypes.GET_DIGEST, body).thenApply(ResponseCodec::decodeDigest));
    }

    static <T> T await(final CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
