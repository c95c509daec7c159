package io.jrestate.log.segments.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes journal records. All fields little-endian; records start 8-byte aligned.
 *
 * <pre>
 *  0                   4                   8                                  16                                 24
 *  +-------------------+-------------------+----------------------------------+----------------------------------+
 *  | payload length u32| crc32c u32        | log id u64                       | lsn u64 (&gt;= 1)                  |
 *  +-------------------+-------------------+----------------------------------+----------------------------------+
 *  | payload (length bytes)                                        | zero padding to the next multiple of 8    |
 *  +---------------------------------------------------------------+-------------------------------------------+
 *
 *  crc32c = CRC32C( segment salt u64 || bytes [0, 4) || bytes [8, 24 + length) )
 * </pre>
 *
 * <p>The salt is the random value in the segment header: a record left over from another segment (or another
 * store) never validates here. An LSN of 0 is invalid, so zero-filled space never decodes as a record.
 */
public final class RecordCodec {
    /** Bytes of the record header. */
    public static final int HEADER_BYTES = 24;
    /** Record alignment. */
    public static final int ALIGNMENT = 8;

    private RecordCodec() {
    }

    /**
     * Space a record takes, header and padding included.
     *
     * @param payloadBytes payload length
     * @return aligned record length
     */
    public static int recordBytes(final int payloadBytes) {
        return (HEADER_BYTES + payloadBytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Writes one record at {@code dst.position()} and advances the position past its padding.
     *
     * @param dst destination with at least {@link #recordBytes} remaining
     * @param salt the segment salt
     * @param logId the log
     * @param lsn the record's LSN, at least 1
     * @param payload the payload (its position is not moved)
     */
    public static void encode(final ByteBuffer dst, final long salt, final long logId, final long lsn,
                              final ByteBuffer payload) {
        final int start = dst.position();
        final int length = payload.remaining();
        final ByteBuffer out = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(start, length);
        out.putLong(start + 8, logId);
        out.putLong(start + 16, lsn);
        out.put(start + HEADER_BYTES, payload, payload.position(), length);
        final int end = start + HEADER_BYTES + length;
        final int aligned = start + recordBytes(length);
        for (int i = end; i < aligned; i++) {
            out.put(i, (byte) 0);
        }
        out.putInt(start + 4, checksum(out, start, length, salt));
        dst.position(aligned);
    }

    private static int checksum(final ByteBuffer buf, final int start, final int length, final long salt) {
        final CRC32C crc = new CRC32C();
        Checksums.updateLong(crc, salt);
        crc.update(buf.slice(start, 4));
        crc.update(buf.slice(start + 8, HEADER_BYTES - 8 + length));
        return (int) crc.getValue();
    }

    /**
     * Decodes the record at {@code position}, verifying its checksum.
     *
     * @param buf the segment bytes (absolute indexing; position and limit ignored)
     * @param position where the record starts
     * @param limit end of the readable region
     * @param salt the segment salt
     * @param payloadBytesMax the largest payload accepted
     * @param into receives the fields
     * @throws FormatException when the bytes are not a whole valid record; the message says why
     */
    public static void decode(final ByteBuffer buf, final int position, final int limit, final long salt,
                              final int payloadBytesMax, final Decoded into) throws FormatException {
        decodeHeader(buf, position, limit, payloadBytesMax, into);
        final ByteBuffer le = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int stored = le.getInt(position + 4);
        final int computed = checksum(le, position, into.payloadBytes, salt);
        if (stored != computed) {
            throw new FormatException("record at position " + position + ": crc32c mismatch (stored "
                + Integer.toHexString(stored) + ", computed " + Integer.toHexString(computed) + ")");
        }
    }

    /**
     * Decodes the header fields without the checksum: enough to skip a record of another log.
     *
     * @param buf the segment bytes
     * @param position where the record starts
     * @param limit end of the readable region
     * @param payloadBytesMax the largest payload accepted
     * @param into receives the fields
     * @throws FormatException when the header is impossible (length, LSN)
     */
    public static void decodeHeader(final ByteBuffer buf, final int position, final int limit,
                                    final int payloadBytesMax, final Decoded into) throws FormatException {
        if (position < 0 || (position & (ALIGNMENT - 1)) != 0 || (long) position + HEADER_BYTES > limit) {
            throw new FormatException("record at position " + position + ": no room for a header before " + limit);
        }
        final ByteBuffer le = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int length = le.getInt(position);
        if (length < 0 || length > payloadBytesMax) {
            throw new FormatException("record at position " + position + ": payload length " + length
                + " outside [0, " + payloadBytesMax + "]");
        }
        if ((long) position + recordBytes(length) > limit) {
            throw new FormatException("record at position " + position + ": length " + length
                + " runs past the end " + limit);
        }
        final long lsn = le.getLong(position + 16);
        if (lsn <= 0) {
            throw new FormatException("record at position " + position + ": invalid lsn " + lsn);
        }
        into.position = position;
        into.payloadBytes = length;
        into.logId = le.getLong(position + 8);
        into.lsn = lsn;
    }

    /** Fields of a decoded record (a reusable holder, not thread-safe). */
    public static final class Decoded {
        /** Where the record starts. */
        public int position;
        /** Payload length. */
        public int payloadBytes;
        /** The log it belongs to. */
        public long logId;
        /** Its LSN. */
        public long lsn;

        /**
         * Where the next record starts.
         *
         * @return the aligned end of this record
         */
        public int nextPosition() {
            return position + recordBytes(payloadBytes);
        }

        /**
         * Where the payload starts.
         *
         * @return the payload position
         */
        public int payloadPosition() {
            return position + HEADER_BYTES;
        }
    }
}
