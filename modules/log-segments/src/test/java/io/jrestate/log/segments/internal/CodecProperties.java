package io.jrestate.log.segments.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Properties of the codecs: decode(encode(x)) == x, and every truncation and every single-bit flip of an encoded
 * record, segment header or metadata file is rejected (CRC32C detects every burst of 32 bits or fewer). jqwik
 * prints the seed of a failing run.
 */
@Tag("property")
class CodecProperties {
    private static final long SALT = 0x1234_5678_9abc_def0L;

    private static ByteBuffer encodeRecord(final long logId, final long lsn, final byte[] payload) {
        final ByteBuffer b = ByteBuffer.allocate(RecordCodec.recordBytes(payload.length));
        RecordCodec.encode(b, SALT, logId, lsn, ByteBuffer.wrap(payload));
        return b;
    }

    @Property(tries = 200)
    void recordRoundTrips(@ForAll final long logId, @ForAll @LongRange(min = 1) final long lsn,
                          @ForAll @Size(max = 300) final byte[] payload) throws FormatException {
        final ByteBuffer b = encodeRecord(logId, lsn, payload);
        final RecordCodec.Decoded d = new RecordCodec.Decoded();
        RecordCodec.decode(b, 0, b.capacity(), SALT, 1 << 20, d);
        assertEquals(logId, d.logId);
        assertEquals(lsn, d.lsn);
        final byte[] back = new byte[d.payloadBytes];
        b.get(d.payloadPosition(), back);
        assertArrayEquals(payload, back);
        assertEquals(b.capacity(), d.nextPosition());
    }

    @Property(tries = 30)
    void everyTruncationAndCoveredBitFlipOfARecordIsRejected(@ForAll @LongRange(min = 1) final long lsn,
                                                            @ForAll @Size(max = 40) final byte[] payload) {
        final ByteBuffer b = encodeRecord(7, lsn, payload);
        final int covered = RecordCodec.HEADER_BYTES + payload.length;
        final RecordCodec.Decoded d = new RecordCodec.Decoded();
        for (int cut = 0; cut < covered; cut++) {
            final int limit = cut;
            assertThrows(FormatException.class, () -> RecordCodec.decode(b, 0, limit, SALT, 1 << 20, d));
        }
        for (int bit = 0; bit < covered * 8; bit++) {
            final ByteBuffer flipped = ByteBuffer.wrap(b.array().clone());
            flipped.put(bit / 8, (byte) (flipped.get(bit / 8) ^ (1 << (bit % 8))));
            assertThrows(FormatException.class, () -> RecordCodec.decode(flipped, 0, flipped.capacity(), SALT,
                1 << 20, d), "bit " + bit);
        }
        assertThrows(FormatException.class, () -> RecordCodec.decode(b, 0, b.capacity(), SALT + 1, 1 << 20, d),
            "a record from a segment with another salt");
    }

    @Property(tries = 50)
    void everyBitFlipOfASegmentHeaderIsRejected(@ForAll final long storeId, @ForAll @LongRange(min = 1) final long seq,
                                                @ForAll final long salt) throws FormatException {
        final SegmentHeader h = new SegmentHeader(storeId, seq, salt, 1 << 20);
        assertEquals(h, SegmentHeader.decode(h.encode()));
        for (int bit = 0; bit < 64 * 8; bit++) {
            final ByteBuffer b = h.encode();
            b.put(bit / 8, (byte) (b.get(bit / 8) ^ (1 << (bit % 8))));
            assertThrows(FormatException.class, () -> SegmentHeader.decode(b), "bit " + bit);
        }
    }

    @Property(tries = 50)
    void metadataRoundTripsAndRejectsFlips(@ForAll final long sequence, @ForAll final long trim,
                                           @ForAll final boolean sealed, @ForAll final long afterLsn)
        throws FormatException {
        final MetadataCodec.Contents c = new MetadataCodec.Contents(sequence, 5, List.of(
            new LogMeta(1, trim, sealed, 9, List.of(new LogMeta.Truncation(afterLsn, 3, 4096))),
            new LogMeta(2, 0, false, 0, List.of())));
        final ByteBuffer encoded = MetadataCodec.encode(c);
        assertEquals(c, MetadataCodec.decode(encoded));
        for (int bit = 0; bit < encoded.limit() * 8; bit += 5) {
            final ByteBuffer b = ByteBuffer.wrap(encoded.array().clone());
            b.put(bit / 8, (byte) (b.get(bit / 8) ^ (1 << (bit % 8))));
            assertThrows(FormatException.class, () -> MetadataCodec.decode(b), "bit " + bit);
        }
    }
}
