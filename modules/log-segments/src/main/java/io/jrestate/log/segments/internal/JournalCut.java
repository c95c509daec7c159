package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.LogClosedException;
import io.jrestate.log.segments.StoreCut;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link StoreCut} of a {@link JournalStore}, captured on the writer thread right after a commit: the segment
 * list with each segment's durable end, the encoded metadata and storage marker, and every log's durable LSN.
 *
 * <p>A segment of the cut reads as: bytes [0, 64) its header (re-encoded: identical to the file's), marker slot A
 * (sequence 1) vouching for exactly the cut's data end, complete on every segment but the newest, slot B and the
 * rest of the first 4096 bytes zero, then the records [4096, cut end) from the segment's read-only mapping (durable
 * and never rewritten), then zeros. Recovery of such a directory finds no torn tail and no damage: the newest
 * segment ends at its marker, older ones are complete.
 */
final class JournalCut implements StoreCut {
    private static final System.Logger LOG = System.getLogger(JournalCut.class.getName());

    /** One segment as the cut sees it. */
    private record CutSegment(Segment segment, int cutEnd, boolean complete) {
    }

    private final Segments segments;
    private final Map<String, byte[]> smallFiles = new LinkedHashMap<>();
    private final Map<String, CutSegment> segmentFiles = new LinkedHashMap<>();
    private final List<File> files = new ArrayList<>();
    private final SortedMap<Long, Long> lsns;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heldPastLimit;

    JournalCut(final Segments segments, final Segment[] all, final byte[] storeMarker, final byte[] metadata,
               final SortedMap<Long, Long> lsns) {
        this.segments = segments;
        this.lsns = Collections.unmodifiableSortedMap(lsns);
        segments.pin();
        smallFiles.put(StoreMarker.FILE_NAME, storeMarker);
        smallFiles.put(MetadataFile.COPY_A, metadata);
        smallFiles.forEach((path, bytes) -> files.add(new File(path, bytes.length, bytes.length)));
        for (int i = 0; i < all.length; i++) {
            final Segment s = all[i];
            final boolean newest = i == all.length - 1;
            final CutSegment cut = new CutSegment(s, s.durableEnd(), !newest || s.complete());
            final String path = "journal/" + Segment.fileName(s.seq());
            segmentFiles.put(path, cut);
            files.add(new File(path, s.header().segmentBytes(), cut.cutEnd()));
        }
    }

    /** Writer thread: waits until released or until the limit passed (then appends continue, and it says so). */
    void awaitRelease(final long maxHoldNs, final Path storeDir) {
        try {
            if (!released.await(maxHoldNs, TimeUnit.NANOSECONDS)) {
                heldPastLimit = true;
                LOG.log(System.Logger.Level.WARNING, "log store " + storeDir + ": backup cut not released within "
                    + TimeUnit.NANOSECONDS.toMillis(maxHoldNs) + " ms; appends continue and the cut is void");
            }
        } catch (InterruptedException e) {
            heldPastLimit = true;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<Long, Long> lastDurableLsns() {
        return lsns;
    }

    @Override
    public List<File> files() {
        return List.copyOf(files);
    }

    @Override
    public int read(final String path, final long position, final ByteBuffer dst) throws IOException {
        if (closed.get()) {
            throw new LogClosedException("backup cut is closed; cannot read " + path);
        }
        final byte[] small = smallFiles.get(path);
        if (small != null) {
            return copy(ByteBuffer.wrap(small), position, dst);
        }
        final CutSegment s = segmentFiles.get(path);
        if (s == null) {
            throw new IllegalArgumentException("no file '" + path + "' in this backup cut; it has " + files.stream()
                .map(File::path).toList());
        }
        final long size = s.segment().header().segmentBytes();
        if (position >= size || !dst.hasRemaining()) {
            return position >= size ? -1 : 0;
        }
        if (position < SegmentHeader.DATA_START) {
            return copy(headerRegion(s), position, dst);
        }
        if (position >= s.cutEnd()) {
            final int n = (int) Math.min(dst.remaining(), size - position);
            for (int i = 0; i < n; i++) {
                dst.put((byte) 0);
            }
            return n;
        }
        return readRecords(path, s, (int) position, dst);
    }

    private int readRecords(final String path, final CutSegment s, final int position, final ByteBuffer dst)
        throws IOException {
        final int n = Math.min(dst.remaining(), s.cutEnd() - position);
        segments.lock().readLock().lock();
        try {
            dst.put(s.segment().mapping().slice(position, n));
            return n;
        } catch (IllegalStateException e) {
            throw new LogClosedException("log store closed while a backup was reading " + path);
        } finally {
            segments.lock().readLock().unlock();
        }
    }

    /** The first {@link SegmentHeader#DATA_START} bytes of a segment of the cut: header and one fresh marker. */
    private static ByteBuffer headerRegion(final CutSegment s) {
        final SegmentHeader header = s.segment().header();
        final ByteBuffer region = ByteBuffer.allocate(SegmentHeader.DATA_START);
        region.put(0, header.encode(), 0, SegmentHeader.HEADER_BYTES);
        final ByteBuffer marker = header.encodeMarker(1, s.cutEnd(), s.complete() ? SegmentHeader.FLAG_COMPLETE : 0);
        region.put((int) SegmentHeader.markerPosition(1), marker, 0, SegmentHeader.MARKER_BYTES);
        return region;
    }

    private static int copy(final ByteBuffer source, final long position, final ByteBuffer dst) {
        if (position >= source.limit()) {
            return -1;
        }
        final int n = (int) Math.min(dst.remaining(), source.limit() - position);
        dst.put(source.slice((int) position, n));
        return n;
    }

    @Override
    public void release() {
        released.countDown();
    }

    @Override
    public boolean heldPastLimit() {
        return heldPastLimit;
    }

    @Override
    public void close() {
        release();
        if (closed.compareAndSet(false, true)) {
            segments.unpin();
        }
    }
}
