package io.jrestate.log.segments.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the per-log metadata file ({@code logs.meta.a} and {@code logs.meta.b}, identical copies). Little-endian.
 *
 * <pre>
 *  0                      8            12            16                 24                32
 *  +----------------------+------------+-------------+------------------+-----------------+
 *  | magic "jrlogmet" u64 | version u32| log count   | sequence u64     | store id u64    |
 *  +----------------------+------------+-------------+------------------+-----------------+
 *  per log (32 bytes + 24 per truncation):
 *  +------------+-----------------+---------------+-----------+-------------------+
 *  | log id u64 | trim point u64  | sequencer u64 | flags u32 | truncation count  |   flags bit 0 = sealed
 *  +------------+-----------------+---------------+-----------+-------------------+
 *  | truncation: after lsn u64 | segment seq u64 | position u64 |  (repeated)
 *  +---------------------------+-----------------+--------------+
 *  then crc32c u32 over every byte before it
 * </pre>
 */
public final class MetadataCodec {
    /** Magic: the ASCII bytes "jrlogmet" as a little-endian long. */
    public static final long MAGIC = 0x74656d676f6c726aL;
    /** Format version. */
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = 32;
    private static final int ENTRY_BYTES = 32;
    private static final int TRUNCATION_BYTES = 24;

    private MetadataCodec() {
    }

    /**
     * The decoded file.
     *
     * @param sequence bumps on every write; the copy with the higher one wins
     * @param storeId the owning store
     * @param logs per-log metadata
     */
    public record Contents(long sequence, long storeId, List<LogMeta> logs) {
    }

    /**
     * Encodes.
     *
     * @param contents what to write
     * @return the bytes, position 0
     */
    public static ByteBuffer encode(final Contents contents) {
        int length = HEADER_BYTES + 4;
        for (LogMeta m : contents.logs()) {
            length += ENTRY_BYTES + TRUNCATION_BYTES * m.truncations().size();
        }
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(VERSION).putInt(contents.logs().size()).putLong(contents.sequence())
            .putLong(contents.storeId());
        for (LogMeta m : contents.logs()) {
            b.putLong(m.logId()).putLong(m.trimPointLsn()).putLong(m.sequencer()).putInt(m.sealed() ? 1 : 0)
                .putInt(m.truncations().size());
            for (LogMeta.Truncation t : m.truncations()) {
                b.putLong(t.afterLsn()).putLong(t.segmentSeq()).putLong(t.position());
            }
        }
        b.putInt(Checksums.crc32c(b, 0, length - 4));
        return b.flip();
    }

    /**
     * Decodes and verifies.
     *
     * @param b the file bytes from position 0 to the limit
     * @return the contents
     * @throws FormatException when the bytes are not a whole, valid metadata file
     */
    public static Contents decode(final ByteBuffer b) throws FormatException {
        final ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int length = le.limit();
        if (length < HEADER_BYTES + 4) {
            throw new FormatException("log metadata: only " + length + " bytes");
        }
        if (le.getLong(0) != MAGIC || le.getInt(8) != VERSION) {
            throw new FormatException("log metadata: bad magic or version " + le.getInt(8));
        }
        if (le.getInt(length - 4) != Checksums.crc32c(le, 0, length - 4)) {
            throw new FormatException("log metadata: crc32c mismatch");
        }
        final int count = le.getInt(12);
        if (count < 0 || (long) count * ENTRY_BYTES > length - HEADER_BYTES - 4) {
            throw new FormatException("log metadata: log count " + count + " does not fit in " + length + " bytes");
        }
        final List<LogMeta> logs = new ArrayList<>(count);
        int at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if (at + ENTRY_BYTES > length - 4) {
                throw new FormatException("log metadata: entry " + i + " runs past the end");
            }
            final int truncations = le.getInt(at + 28);
            if (truncations < 0 || at + ENTRY_BYTES + (long) truncations * TRUNCATION_BYTES > length - 4) {
                throw new FormatException("log metadata: entry " + i + " truncation count " + truncations);
            }
            final List<LogMeta.Truncation> list = new ArrayList<>(truncations);
            for (int t = 0; t < truncations; t++) {
                final int p = at + ENTRY_BYTES + t * TRUNCATION_BYTES;
                list.add(new LogMeta.Truncation(le.getLong(p), le.getLong(p + 8), le.getLong(p + 16)));
            }
            logs.add(new LogMeta(le.getLong(at), le.getLong(at + 8), (le.getInt(at + 24) & 1) != 0,
                le.getLong(at + 16), list));
            at += ENTRY_BYTES + truncations * TRUNCATION_BYTES;
        }
        if (at != length - 4) {
            throw new FormatException("log metadata: " + (length - 4 - at) + " trailing bytes");
        }
        return new Contents(le.getLong(16), le.getLong(24), logs);
    }
}
