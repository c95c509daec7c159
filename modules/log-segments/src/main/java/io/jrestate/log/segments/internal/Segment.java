package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One open journal segment: its file, header, read-only mapping and positions. Layout in {@link SegmentHeader}.
 *
 * <p>Threads: the writer owns {@code writePosition}, the marker fields and {@link #maxLsnByLog}; readers use
 * {@link #mapping()} below {@link #durableEnd()}, which the writer publishes after each fsync.
 */
public final class Segment {
    private final Path path;
    private final StorageFile file;
    private final SegmentHeader header;
    private final ByteBuffer mapping;
    private final List<long[]> damagedRanges = new ArrayList<>();
    private final Map<Long, Long> maxLsnByLog = new HashMap<>();
    private volatile int durableEnd;
    private int writePosition;
    private long markerSequence;
    private long markerEnd;
    private boolean complete;

    private Segment(final Path path, final StorageFile file, final SegmentHeader header, final ByteBuffer mapping) {
        this.path = path;
        this.file = file;
        this.header = header;
        this.mapping = mapping;
        this.durableEnd = SegmentHeader.DATA_START;
        this.writePosition = SegmentHeader.DATA_START;
        this.markerEnd = SegmentHeader.DATA_START;
    }

    /**
     * Opens a segment whose header is already on disk.
     *
     * @param io the storage
     * @param path the file
     * @param header its decoded header
     * @return the open segment
     * @throws IOException on failure
     */
    public static Segment open(final StorageIo io, final Path path, final SegmentHeader header) throws IOException {
        final StorageFile file = io.open(path, StorageIo.OpenMode.READ_WRITE);
        try {
            final ByteBuffer mapping = file.mapReadOnly(0, header.segmentBytes());
            return new Segment(path, file, header, mapping);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * File name of a segment.
     *
     * @param segmentSeq its sequence
     * @return twenty digits and {@code .seg}
     */
    public static String fileName(final long segmentSeq) {
        return String.format("%020d.seg", segmentSeq);
    }

    /**
     * Writes a marker slot (not forced) and remembers it.
     *
     * @param dataEnd end of the durable records it vouches for
     * @param flags {@link SegmentHeader#FLAG_COMPLETE} or 0
     * @throws IOException on failure
     */
    public void writeMarker(final long dataEnd, final int flags) throws IOException {
        final long sequence = markerSequence + 1;
        file.writeFully(header.encodeMarker(sequence, dataEnd, flags), SegmentHeader.markerPosition(sequence));
        markerSequence = sequence;
        markerEnd = dataEnd;
        complete |= (flags & SegmentHeader.FLAG_COMPLETE) != 0;
    }

    /**
     * Restores the writer state found by recovery.
     *
     * @param marker the marker read
     * @param dataEnd where valid records end
     */
    public void recovered(final SegmentHeader.Marker marker, final int dataEnd) {
        markerSequence = marker.sequence();
        markerEnd = marker.dataEnd();
        complete = marker.complete();
        writePosition = dataEnd;
        durableEnd = dataEnd;
    }

    /**
     * The sequence number.
     *
     * @return segment seq
     */
    public long seq() {
        return header.segmentSeq();
    }

    /**
     * The header.
     *
     * @return the header
     */
    public SegmentHeader header() {
        return header;
    }

    /**
     * The largest payload a record of this segment can have: the decoding bound of readers and recovery, from the
     * segment's own length, so lowering the configured record limit never makes stored records look corrupt.
     *
     * @return bytes
     */
    public int payloadBytesMax() {
        return LogStoreOptions.recordBytesMaxFor(header.segmentBytes());
    }

    /**
     * The file path.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * The open file.
     *
     * @return the handle
     */
    public StorageFile file() {
        return file;
    }

    /**
     * The read-only mapping of the whole file.
     *
     * @return a buffer with absolute indexing
     */
    public ByteBuffer mapping() {
        return mapping;
    }

    /**
     * End of the durable records (readers never look past it).
     *
     * @return byte position
     */
    public int durableEnd() {
        return durableEnd;
    }

    /**
     * Publishes a new durable end after an fsync.
     *
     * @param end byte position
     */
    public void durableEnd(final int end) {
        durableEnd = end;
    }

    /**
     * Where the writer appends next.
     *
     * @return byte position
     */
    public int writePosition() {
        return writePosition;
    }

    /**
     * Moves the write position.
     *
     * @param position byte position
     */
    public void writePosition(final int position) {
        writePosition = position;
    }

    /**
     * Free bytes after the write position (0 once complete).
     *
     * @return bytes
     */
    public long remaining() {
        return complete ? 0 : header.segmentBytes() - writePosition;
    }

    /**
     * End vouched for by the last marker written.
     *
     * @return byte position
     */
    public long markerEnd() {
        return markerEnd;
    }

    /**
     * Whether the journal rolled past this segment.
     *
     * @return true when complete
     */
    public boolean complete() {
        return complete;
    }

    /**
     * The highest LSN per log stored here (writer thread only).
     *
     * @return a mutable map
     */
    public Map<Long, Long> maxLsnByLog() {
        return maxLsnByLog;
    }

    /**
     * Byte ranges recovery found damaged; readers jump over them.
     *
     * @return [from, to) pairs
     */
    public List<long[]> damagedRanges() {
        return damagedRanges;
    }

    /**
     * Closes the file and unmaps it; readers must be done with it.
     *
     * @throws IOException on failure
     */
    public void close() throws IOException {
        file.close();
    }
}
