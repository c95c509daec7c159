package io.jrestate.log.segments.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The header of a journal segment file and its two durable-position marker slots. Little-endian.
 *
 * <pre>
 *  byte 0                 8            12           16               24               32               40
 *  +----------------------+------------+------------+----------------+----------------+----------------+
 *  | magic "jrjrnl01" u64 | version u32| hdr len u32| store id u64   | segment seq u64| salt u64       |
 *  +----------------------+------------+------------+----------------+----------------+----------------+
 *  40                     48           52           56           60
 *  +----------------------+------------+------------+------------+------------+
 *  | segment bytes u64    | data start | reserved 0 | reserved 0 | crc32c u32 |  crc over bytes [0, 60)
 *  +----------------------+------------+------------+------------+------------+
 *
 *  marker slot A at byte 512, slot B at byte 1024 (32 bytes each):
 *  0            4            8                 16                 24           28
 *  +------------+------------+-----------------+------------------+------------+------------+
 *  | "mrk1" u32 | flags u32  | sequence u64    | data end u64     | crc32c u32 | reserved 0 |
 *  +------------+------------+-----------------+------------------+------------+------------+
 *  crc = CRC32C(salt u64 || bytes [0, 24)); flags bit 0 = segment complete (no records after data end)
 *
 *  records start at byte 4096 (data start) and run to the end of the zero-filled, preallocated file
 * </pre>
 *
 * <p>A marker says "every byte of records below {@code data end} was durable and may have been acknowledged".
 * The valid slot with the higher sequence wins; the two slots alternate so a torn marker write leaves the other.
 *
 * @param storeId the owning store's id (from its storage marker)
 * @param segmentSeq the segment's sequence number in the journal (from 1)
 * @param salt the random salt of record checksums in this segment
 * @param segmentBytes the preallocated file length
 */
public record SegmentHeader(long storeId, long segmentSeq, long salt, long segmentBytes) {
    /** Magic number: the ASCII bytes "jrjrnl01" read as a little-endian long. */
    public static final long MAGIC = 0x31306c6e726a726aL;
    /** Format version written and understood. */
    public static final int VERSION = 1;
    /** Header length. */
    public static final int HEADER_BYTES = 64;
    /** Position of marker slot A; slot B is at twice that. */
    public static final int MARKER_SLOT_BYTES_AT = 512;
    /** Marker slot length. */
    public static final int MARKER_BYTES = 32;
    /** Where records start. */
    public static final int DATA_START = 4096;
    /** Marker magic: "mrk1". */
    public static final int MARKER_MAGIC = 0x316b726d;
    /** Marker flag: the segment was completed when the journal rolled to the next one. */
    public static final int FLAG_COMPLETE = 1;

    /**
     * Encodes this header into a new {@link #HEADER_BYTES}-byte buffer.
     *
     * @return the bytes, position 0
     */
    public ByteBuffer encode() {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, MAGIC).putInt(8, VERSION).putInt(12, HEADER_BYTES).putLong(16, storeId)
            .putLong(24, segmentSeq).putLong(32, salt).putLong(40, segmentBytes).putInt(48, DATA_START);
        b.putInt(60, Checksums.crc32c(b, 0, 60));
        return b;
    }

    /**
     * Decodes and verifies a header.
     *
     * @param b at least the first {@link #HEADER_BYTES} bytes of the file (absolute indexing from 0)
     * @return the header
     * @throws FormatException when it is not a valid header of this version
     */
    public static SegmentHeader decode(final ByteBuffer b) throws FormatException {
        if (b.capacity() < HEADER_BYTES) {
            throw new FormatException("segment header: only " + b.capacity() + " bytes");
        }
        final ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.getLong(0) != MAGIC) {
            throw new FormatException("segment header: bad magic " + Long.toHexString(le.getLong(0)));
        }
        final int crc = Checksums.crc32c(le, 0, 60);
        if (crc != le.getInt(60)) {
            throw new FormatException("segment header: crc32c mismatch");
        }
        if (le.getInt(8) != VERSION || le.getInt(12) != HEADER_BYTES || le.getInt(48) != DATA_START) {
            throw new FormatException("segment header: unsupported version " + le.getInt(8) + " / layout");
        }
        final long segmentBytes = le.getLong(40);
        if (segmentBytes < DATA_START + RecordCodec.HEADER_BYTES || segmentBytes > Integer.MAX_VALUE) {
            throw new FormatException("segment header: segment bytes " + segmentBytes + " out of range");
        }
        return new SegmentHeader(le.getLong(16), le.getLong(24), le.getLong(32), segmentBytes);
    }

    /**
     * Encodes a durable-position marker.
     *
     * @param sequence marker sequence (odd values go to slot A, even to slot B)
     * @param dataEnd end of the durable records
     * @param flags {@link #FLAG_COMPLETE} or 0
     * @return the bytes, position 0, and the file position via {@link #markerPosition(long)}
     */
    public ByteBuffer encodeMarker(final long sequence, final long dataEnd, final int flags) {
        final ByteBuffer b = ByteBuffer.allocate(MARKER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MARKER_MAGIC).putInt(4, flags).putLong(8, sequence).putLong(16, dataEnd);
        b.putInt(24, markerCrc(b, salt));
        return b;
    }

    /**
     * Where the marker with this sequence is written.
     *
     * @param sequence the marker sequence
     * @return slot A for odd, slot B for even sequences
     */
    public static long markerPosition(final long sequence) {
        return (sequence & 1) == 1 ? MARKER_SLOT_BYTES_AT : 2L * MARKER_SLOT_BYTES_AT;
    }

    private static int markerCrc(final ByteBuffer b, final long salt) {
        final CRC32C crc = new CRC32C();
        Checksums.updateLong(crc, salt);
        crc.update(b.slice(0, 24));
        return (int) crc.getValue();
    }

    /**
     * Reads both marker slots and returns the valid one with the highest sequence.
     *
     * @param file the segment bytes (at least {@link #DATA_START})
     * @return the marker, or a zero marker (sequence 0, data end = data start) when neither slot is valid
     */
    public Marker readMarker(final ByteBuffer file) {
        Marker best = new Marker(0, DATA_START, 0);
        for (int slot = 1; slot <= 2; slot++) {
            final ByteBuffer b = file.slice(slot * MARKER_SLOT_BYTES_AT, MARKER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != MARKER_MAGIC || b.getInt(24) != markerCrc(b, salt)) {
                continue;
            }
            final long dataEnd = b.getLong(16);
            if (dataEnd < DATA_START || dataEnd > segmentBytes || b.getLong(8) <= best.sequence()) {
                continue;
            }
            best = new Marker(b.getLong(8), dataEnd, b.getInt(4));
        }
        return best;
    }

    /**
     * A durable-position marker.
     *
     * @param sequence its sequence (0 = none found)
     * @param dataEnd end of the records known durable
     * @param flags {@link #FLAG_COMPLETE} or 0
     */
    public record Marker(long sequence, long dataEnd, int flags) {
        /**
         * Whether the segment was completed by a roll.
         *
         * @return true when complete
         */
        public boolean complete() {
            return (flags & FLAG_COMPLETE) != 0;
        }
    }
}
