package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.LogStorageFullException;
import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The store's single writer: turns a batch of queued requests into one positional write and one fdatasync of the
 * active journal segment (group commit across every log), then publishes the records and completes the futures.
 *
 * <p>Each commit also rewrites the segment's durable-position marker to vouch for the bytes of the
 * <em>previous</em> commit, which are already durable, so the marker costs no extra fsync; after
 * {@code markerIdleNs} without commits the marker is brought up to date with its own fsync.
 * A failed write or fsync fences the store (see {@link JournalStore#fence}).
 */
final class Committer {
    private final JournalStore store;
    private final List<Request.Append> staged = new ArrayList<>();
    private ByteBuffer buffer;
    private long lastCommitNs;

    Committer(final JournalStore store) {
        this.store = store;
        final long initial = Math.min(store.options().batchBytesMax() + 65536, store.options().segmentBytes());
        this.buffer = ByteBuffer.allocateDirect((int) initial);
    }

    /** Handles one batch, in queue order. */
    void process(final List<Request> batch) {
        LogStoreException rollFailure = null;
        buffer.clear();
        for (Request request : batch) {
            if (store.downReason() != null) {
                request.fail(store.downReason());
                continue;
            }
            if (request instanceof Request.Append append) {
                if (rollFailure != null) {
                    append.fail(rollFailure);
                    continue;
                }
                rollFailure = stage(append);
            } else {
                flush();
                if (store.downReason() != null) {
                    request.fail(store.downReason());
                    continue;
                }
                if (request instanceof Request.Hold hold) {
                    store.hold(hold);
                } else {
                    store.control((Request.Control) request);
                }
            }
        }
        flush();
    }

    /** Adds an append to the current batch, rolling the segment when it does not fit; returns a roll failure. */
    private LogStoreException stage(final Request.Append append) {
        final Throwable invalid = append.log().validate(append);
        if (invalid != null) {
            append.fail(invalid);
            return null;
        }
        final long usable = store.options().segmentBytes() - SegmentHeader.DATA_START;
        if (append.encodedBytes > usable) {
            append.fail(new IllegalArgumentException("log " + append.log().logId() + ": batch of "
                + append.encodedBytes + " bytes is larger than a segment (" + usable + " usable bytes)"));
            return null;
        }
        Segment active = store.segments().active();
        if (active == null || append.encodedBytes > active.remaining() - buffer.position()) {
            flush();
            if (store.downReason() != null) {
                append.fail(store.downReason());
                return null;
            }
            try {
                active = roll();
            } catch (LogStoreException e) {
                append.fail(e);
                return e;
            }
        }
        ensureCapacity(append.encodedBytes);
        append.firstLsn = append.log().assign(append);
        append.segmentSeq = active.seq();
        append.positions = new int[append.payloads.size()];
        final long salt = active.header().salt();
        for (int i = 0; i < append.payloads.size(); i++) {
            append.positions[i] = active.writePosition() + buffer.position();
            RecordCodec.encode(buffer, salt, append.log().logId(), append.firstLsn + i, append.payloads.get(i));
        }
        staged.add(append);
        return null;
    }

    private void ensureCapacity(final int needed) {
        if (buffer.remaining() < needed) {
            final int size = Math.max(buffer.capacity() * 2, buffer.position() + needed);
            final ByteBuffer bigger = ByteBuffer.allocateDirect(size);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    /** Writes and fsyncs the staged records, then publishes them. */
    void flush() {
        if (buffer.position() == 0) {
            return;
        }
        final Segment active = store.segments().active();
        final int start = active.writePosition();
        final int length = buffer.position();
        buffer.flip();
        try {
            active.file().writeFully(buffer, start);
            if (active.markerEnd() < active.durableEnd()) {
                active.writeMarker(active.durableEnd(), 0);
            }
            active.file().force(false);
        } catch (IOException e) {
            buffer.clear();
            store.fence("commit of " + staged.size() + " appends to " + active.path() + " failed", e);
            staged.forEach(a -> a.fail(store.downReason()));
            staged.clear();
            return;
        }
        buffer.clear();
        active.writePosition(start + length);
        active.durableEnd(start + length);
        lastCommitNs = store.options().nanoClock().getAsLong();
        publish(active);
    }

    private void publish(final Segment active) {
        final List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (Request.Append a : staged) {
            active.maxLsnByLog().merge(a.log().logId(), a.lastLsn(), Math::max);
            waiters.addAll(a.log().published(a));
        }
        for (Request.Append a : staged) {
            a.future.complete(a.lastLsn());
        }
        staged.clear();
        waiters.forEach(w -> w.complete(null));
    }

    /**
     * Whether the marker vouches for less than is durable (an idle writer then wakes once to update it).
     *
     * @return true while the marker lags
     */
    boolean markerLags() {
        final Segment active = store.segments().active();
        return active != null && store.downReason() == null && active.markerEnd() < active.durableEnd();
    }

    /** When idle long enough, brings the marker up to the durable end (one extra fsync per idle period). */
    void idle() {
        final Segment active = store.segments().active();
        if (active == null || store.downReason() != null || active.markerEnd() >= active.durableEnd()
            || store.options().nanoClock().getAsLong() - lastCommitNs < store.options().markerIdleNs()) {
            return;
        }
        try {
            active.writeMarker(active.durableEnd(), 0);
            active.file().force(false);
        } catch (IOException e) {
            store.fence("durable-position marker of " + active.path() + " failed", e);
        }
    }

    /**
     * Starts a new segment: a spare gets its header (fsynced), the current segment gets its final marker (fsynced),
     * then the spare is renamed into the journal and the directory fsynced.
     */
    Segment roll() {
        final Segment current = store.segments().active();
        final long seq = current == null ? store.firstSegmentSeq() : current.seq() + 1;
        final SegmentHeader header = new SegmentHeader(store.storeId(), seq, store.options().random().nextLong(),
            store.options().segmentBytes());
        final Path spare = prepareSpare(header);
        final Path target = store.journalDir().resolve(Segment.fileName(seq));
        final StorageIo io = store.options().io();
        try {
            if (current != null && !current.complete()) {
                current.writeMarker(current.durableEnd(), SegmentHeader.FLAG_COMPLETE);
                current.file().force(false);
            }
            io.rename(spare, target);
            io.fsyncDirectory(store.journalDir());
            final Segment segment = Segment.open(io, target, header);
            store.segments().add(segment);
            store.sparesWanted();
            return segment;
        } catch (IOException e) {
            store.fence("rolling to segment " + target + " failed", e);
            throw store.downReason();
        }
    }

    private Path prepareSpare(final SegmentHeader header) {
        final StorageIo io = store.options().io();
        Path spare = store.spares().take();
        try {
            if (spare == null) {
                store.spares().create();
                spare = store.spares().take();
            }
            try (StorageFile f = io.open(spare, StorageIo.OpenMode.READ_WRITE)) {
                f.writeFully(header.encode(), 0);
                f.force(false);
            }
            return spare;
        } catch (IOException e) {
            if (spare != null) {
                try {
                    io.delete(spare);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            final String what = "cannot create journal segment " + header.segmentSeq() + " in " + store.journalDir();
            if (StorageIo.isNoSpace(e)) {
                throw new LogStorageFullException(what + ": disk full", e);
            }
            throw new LogStoreException(what, e);
        }
    }
}
