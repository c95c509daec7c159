package io.jrestate.log.segments.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The snapshot file format. Little-endian.
 *
 * <pre>
 *  header, 32 bytes
 *  0                      8            12            16                 24           28
 *  +----------------------+------------+-------------+------------------+------------+------------+
 *  | magic "jrsnap01" u64 | version u32| hdr len 32  | covered lsn u64  | reserved 0 | crc32c u32 |  crc: [0, 28)
 *  +----------------------+------------+-------------+------------------+------------+------------+
 *  body, any length (opaque to this module)
 *  trailer, 32 bytes
 *  0            4            8                  16                 24              28
 *  +------------+------------+------------------+------------------+---------------+------------+
 *  | "snpt" u32 | reserved 0 | body length u64  | covered lsn u64  | body crc32c   | crc32c u32 |  crc: [0, 28)
 *  +------------+------------+------------------+------------------+---------------+------------+
 * </pre>
 * A file is valid only when header and trailer verify, agree on the covered LSN, the file length is
 * header + body length + trailer, and the body's CRC32C matches: a torn or partial snapshot never validates.
 */
public final class SnapshotFormat {
    /** Magic: "jrsnap01" as a little-endian long. */
    public static final long MAGIC = 0x313070616e73726aL;
    /** Trailer magic: "snpt". */
    public static final int TRAILER_MAGIC = 0x74706e73;
    /** Format version. */
    public static final int VERSION = 1;
    /** Header length. */
    public static final int HEADER_BYTES = 32;
    /** Trailer length. */
    public static final int TRAILER_BYTES = 32;

    private SnapshotFormat() {
    }

    /**
     * Encodes a header.
     *
     * @param coveredLsn the LSN the snapshot covers
     * @return 32 bytes, position 0
     */
    public static ByteBuffer header(final long coveredLsn) {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, MAGIC).putInt(8, VERSION).putInt(12, HEADER_BYTES).putLong(16, coveredLsn);
        b.putInt(28, Checksums.crc32c(b, 0, 28));
        return b;
    }

    /**
     * Encodes a trailer.
     *
     * @param bodyBytes body length
     * @param coveredLsn covered LSN
     * @param bodyCrc CRC32C of the body
     * @return 32 bytes, position 0
     */
    public static ByteBuffer trailer(final long bodyBytes, final long coveredLsn, final int bodyCrc) {
        final ByteBuffer b = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, TRAILER_MAGIC).putLong(8, bodyBytes).putLong(16, coveredLsn).putInt(24, bodyCrc);
        b.putInt(28, Checksums.crc32c(b, 0, 28));
        return b;
    }

    /**
     * Verifies a header.
     *
     * @param b 32 bytes
     * @return the covered LSN
     * @throws FormatException when invalid
     */
    public static long decodeHeader(final ByteBuffer b) throws FormatException {
        final ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.limit() < HEADER_BYTES || le.getLong(0) != MAGIC) {
            throw new FormatException("snapshot header: bad magic or too short");
        }
        if (le.getInt(28) != Checksums.crc32c(le, 0, 28)) {
            throw new FormatException("snapshot header: crc32c mismatch");
        }
        if (le.getInt(8) != VERSION || le.getInt(12) != HEADER_BYTES) {
            throw new FormatException("snapshot header: unsupported version " + le.getInt(8));
        }
        return le.getLong(16);
    }

    /**
     * A verified trailer.
     *
     * @param bodyBytes body length
     * @param coveredLsn covered LSN
     * @param bodyCrc body checksum
     */
    public record Trailer(long bodyBytes, long coveredLsn, int bodyCrc) {
    }

    /**
     * Verifies a trailer.
     *
     * @param b 32 bytes
     * @return the trailer fields
     * @throws FormatException when invalid
     */
    public static Trailer decodeTrailer(final ByteBuffer b) throws FormatException {
        final ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.limit() < TRAILER_BYTES || le.getInt(0) != TRAILER_MAGIC) {
            throw new FormatException("snapshot trailer: bad magic or too short (partial snapshot?)");
        }
        if (le.getInt(28) != Checksums.crc32c(le, 0, 28)) {
            throw new FormatException("snapshot trailer: crc32c mismatch");
        }
        final long bodyBytes = le.getLong(8);
        if (bodyBytes < 0) {
            throw new FormatException("snapshot trailer: negative body length " + bodyBytes);
        }
        return new Trailer(bodyBytes, le.getLong(16), le.getInt(24));
    }
}
