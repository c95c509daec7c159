package io.jrestate.log.segments.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets for the journal decoders: record, segment header with marker slots, and the metadata
 * file. Oracles: only {@link FormatException} may escape; a decoded record lies inside the buffer; whatever
 * decodes re-encodes to the same bytes. In the gate they run in regression mode over the committed inputs in
 * {@code src/test/resources/io/jrestate/log/segments/internal/DecoderFuzzTestInputs/}; fuzz for real with
 * {@code JAZZER_FUZZ=1 bin/mvn25 -pl modules/log-segments test -Dtest=DecoderFuzzTest}.
 */
class DecoderFuzzTest {
    static final long SALT = 0x5eed_5a17_0000_0001L;
    private static final int PAYLOAD_MAX = 1 << 16;

    @FuzzTest(maxDuration = "60s")
    void recordDecoder(final byte[] data) {
        final ByteBuffer buf = ByteBuffer.wrap(data);
        final RecordCodec.Decoded d = new RecordCodec.Decoded();
        try {
            RecordCodec.decode(buf, 0, data.length, SALT, PAYLOAD_MAX, d);
        } catch (FormatException e) {
            return;
        }
        assertTrue(d.nextPosition() <= data.length, "decoded record runs past the buffer");
        final ByteBuffer again = ByteBuffer.allocate(RecordCodec.recordBytes(d.payloadBytes));
        RecordCodec.encode(again, SALT, d.logId, d.lsn, ByteBuffer.wrap(data, d.payloadPosition(), d.payloadBytes));
        final int covered = RecordCodec.HEADER_BYTES + d.payloadBytes;
        assertArrayEquals(java.util.Arrays.copyOf(data, covered), java.util.Arrays.copyOf(again.array(), covered));
    }

    @FuzzTest(maxDuration = "60s")
    void segmentHeaderDecoder(final byte[] data) {
        final ByteBuffer buf = ByteBuffer.wrap(data);
        final SegmentHeader header;
        try {
            header = SegmentHeader.decode(buf);
        } catch (FormatException e) {
            return;
        }
        assertEquals(ByteBuffer.wrap(data, 0, 60), header.encode().slice(0, 60));
        if (data.length >= SegmentHeader.DATA_START) {
            final SegmentHeader.Marker m = header.readMarker(buf);
            assertTrue(m.dataEnd() >= SegmentHeader.DATA_START && m.dataEnd() <= header.segmentBytes());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void metadataDecoder(final byte[] data) {
        final MetadataCodec.Contents contents;
        try {
            contents = MetadataCodec.decode(ByteBuffer.wrap(data));
        } catch (FormatException e) {
            return;
        }
        assertEquals(ByteBuffer.wrap(data), MetadataCodec.encode(contents));
    }

    @FuzzTest(maxDuration = "60s")
    void snapshotFrameDecoder(final byte[] data) {
        try {
            SnapshotFormat.decodeHeader(ByteBuffer.wrap(data));
        } catch (FormatException e) {
            // expected for most inputs
        }
        try {
            final SnapshotFormat.Trailer t = SnapshotFormat.decodeTrailer(ByteBuffer.wrap(data));
            assertTrue(t.bodyBytes() >= 0);
            assertEquals(ByteBuffer.wrap(data, 0, 32), SnapshotFormat.trailer(t.bodyBytes(), t.coveredLsn(),
                t.bodyCrc()));
        } catch (FormatException e) {
            // expected for most inputs
        }
    }
}
