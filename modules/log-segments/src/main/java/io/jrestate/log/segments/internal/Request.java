package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.StoreCut;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A mutation queued for the store's single writer. */
public abstract sealed class Request permits Request.Append, Request.Control, Request.Hold {
    private final JournalLog log;

    Request(final JournalLog log) {
        this.log = log;
    }

    /**
     * The log it applies to.
     *
     * @return the log, or null for a {@link Hold} (it applies to the whole store)
     */
    public JournalLog log() {
        return log;
    }

    /**
     * Fails the request's future.
     *
     * @param error why
     */
    public abstract void fail(Throwable error);

    /**
     * Whether the request's future is complete.
     *
     * @return true when done
     */
    public abstract boolean isDone();

    /** Appends records; the writer fills in where they went. */
    public static final class Append extends Request {
        final long explicitLsn;
        final List<ByteBuffer> payloads;
        final CompletableFuture<Long> future;
        final long payloadBytes;
        final int encodedBytes;
        long firstLsn;
        long segmentSeq;
        int[] positions;

        Append(final JournalLog log, final long explicitLsn, final List<ByteBuffer> payloads,
               final CompletableFuture<Long> future) {
            super(log);
            this.explicitLsn = explicitLsn;
            this.payloads = payloads;
            this.future = future;
            long bytes = 0;
            long encoded = 0;
            for (ByteBuffer p : payloads) {
                bytes += p.remaining();
                encoded += RecordCodec.recordBytes(p.remaining());
            }
            this.payloadBytes = bytes;
            this.encodedBytes = (int) Math.min(Integer.MAX_VALUE, encoded);
        }

        long lastLsn() {
            return firstLsn + payloads.size() - 1;
        }

        @Override
        public void fail(final Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }
    }

    /** A durable metadata change. */
    public static final class Control extends Request {
        /** What to change. */
        enum Kind { TRIM, TRUNCATE, SEAL, BIND }

        final Kind kind;
        final long value;
        final CompletableFuture<Void> future;

        Control(final JournalLog log, final Kind kind, final long value, final CompletableFuture<Void> future) {
            super(log);
            this.kind = kind;
            this.value = value;
            this.future = future;
        }

        @Override
        public void fail(final Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }
    }

    /** A backup cut: commit what was queued before, capture the cut, then hold later appends until released. */
    public static final class Hold extends Request {
        final long maxHoldNs;
        final CompletableFuture<StoreCut> future;

        Hold(final long maxHoldNs, final CompletableFuture<StoreCut> future) {
            super(null);
            this.maxHoldNs = maxHoldNs;
            this.future = future;
        }

        @Override
        public void fail(final Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }
    }
}
