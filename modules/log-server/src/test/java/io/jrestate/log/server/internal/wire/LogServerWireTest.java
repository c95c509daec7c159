package io.jrestate.log.server.internal.wire;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.log.server.DigestReply;
import io.jrestate.log.server.LogServerMessageTypes;
import io.jrestate.log.server.LogletInfoReply;
import io.jrestate.log.server.LogletRecord;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.MalformedMessageException;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.TailQuery;
import io.jrestate.log.server.TailState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire format: fields at the byte positions drawn in {@link LogServerWire}'s javadoc, round trips of every
 * request and response, and refusal (never an out-of-bounds read) of every truncation, trailing bytes, another
 * version, unknown flags, offset 0, reversed ranges, empty stores, and random bytes (seed printed, {@code -Dseed=}).
 */
class LogServerWireTest {
    private static final long LOGLET = (3L << 32) | 1;

    private static byte[] store() {
        return new RequestEncoder().header(LogServerWire.FLAG_IGNORE_SEAL, 9, LOGLET).u32(5).u32(2)
            .u64(LogServerWire.packNodeId(new GenerationalNodeId(4, 7))).u64(1234).payloads(List.of(new byte[] {1},
                new byte[] {2, 3})).toBytes();
    }

    @Test
    void shouldPlaceStoreFieldsAtTheDrawnPositions() {
        final ByteBuffer bytes = ByteBuffer.wrap(store()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, bytes.get(0), "version");
        assertEquals(1, bytes.get(1), "flags");
        assertEquals(9, bytes.getInt(4), "known_global_tail");
        assertEquals(LOGLET, bytes.getLong(8), "loglet_id");
        assertEquals(5, bytes.getInt(16), "first_offset");
        assertEquals(2, bytes.getInt(20), "count");
        assertEquals((4L << 32) | 7, bytes.getLong(24), "sequencer");
        assertEquals(1234, bytes.getLong(32), "timeout_at_unix_ms");
        assertEquals(1, bytes.getInt(40), "first record length");
        assertEquals(40 + 4 + 1 + 4 + 2, bytes.capacity());
        final Request.Store decoded = (Request.Store) decode(LogServerMessageTypes.STORE, store());
        assertTrue(decoded.header().ignoreSeal());
        assertEquals(new GenerationalNodeId(4, 7), LogServerWire.unpackNodeId(decoded.sequencer()));
        assertEquals(6, decoded.lastOffset());
        assertArrayEquals(new byte[] {2, 3}, decoded.payloads().get(1));
    }

    @Test
    void shouldRoundTripEveryRequest() {
        assertEquals(new Request.GetRecords(new Request.Header(0, 0, LOGLET), 2, 9, 100), decode(
            LogServerMessageTypes.GET_RECORDS, new RequestEncoder().header(0, 0, LOGLET).u32(2).u32(9).u32(100)
                .toBytes()));
        assertEquals(new Request.Seal(new Request.Header(0, 3, LOGLET), 77), decode(LogServerMessageTypes.SEAL,
            new RequestEncoder().header(0, 3, LOGLET).u64(77).toBytes()));
        assertEquals(new Request.Trim(new Request.Header(0, 3, LOGLET), 2), decode(LogServerMessageTypes.TRIM,
            new RequestEncoder().header(0, 3, LOGLET).u32(2).toBytes()));
        assertEquals(new Request.Release(new Request.Header(0, 8, LOGLET)), decode(LogServerMessageTypes.RELEASE,
            new RequestEncoder().header(0, 8, LOGLET).toBytes()));
        assertEquals(new Request.GetLogletInfo(new Request.Header(0, 0, LOGLET)), decode(
            LogServerMessageTypes.GET_LOGLET_INFO, new RequestEncoder().header(0, 0, LOGLET).toBytes()));
        assertEquals(new Request.WaitForTail(new Request.Header(0, 0, LOGLET), TailQuery.GLOBAL_TAIL, 6), decode(
            LogServerMessageTypes.WAIT_FOR_TAIL, new RequestEncoder().header(0, 0, LOGLET)
                .waitForTail(TailQuery.GLOBAL_TAIL, 6).toBytes()));
        assertEquals(new Request.GetDigest(new Request.Header(0, 0, LOGLET), 1, 1), decode(
            LogServerMessageTypes.GET_DIGEST, new RequestEncoder().header(0, 0, LOGLET).u32(1).u32(1).toBytes()));
    }

    @Test
    void shouldRoundTripEveryResponse() {
        final TailState tail = new TailState(LogletStatus.SEQUENCER_MISMATCH, 0xFFFF_FFFEL, 3, true);
        final byte[] header = ResponseCodec.header(tail);
        assertEquals(16, header.length);
        assertEquals(5, header[1], "status code at byte 1");
        assertEquals(1, header[2], "sealed at byte 2");
        assertEquals(tail, ResponseCodec.decodeHeader(header, "Stored"));
        final RecordsReply records = ResponseCodec.decodeRecords(ResponseCodec.records(new RecordsReply(
            new TailState(LogletStatus.OK, 9, 9, false), 9, List.of(new LogletRecord.TrimGap(1, 3),
            new LogletRecord.Data(4, new byte[] {42})))));
        assertEquals(9, records.nextOffset());
        assertEquals(new LogletRecord.TrimGap(1, 3), records.records().get(0));
        assertArrayEquals(new byte[] {42}, ((LogletRecord.Data) records.records().get(1)).payload());
        final LogletInfoReply info = new LogletInfoReply(new TailState(LogletStatus.OK, 5, 4, false), 2);
        assertEquals(info, ResponseCodec.decodeLogletInfo(ResponseCodec.logletInfo(info)));
        final DigestReply digest = new DigestReply(new TailState(LogletStatus.OK, 5, 4, false), List.of(
            new DigestReply.Run(1, 2, DigestReply.RunStatus.TRIMMED), new DigestReply.Run(4, 4,
                DigestReply.RunStatus.EXISTS)));
        assertEquals(digest, ResponseCodec.decodeDigest(ResponseCodec.digest(digest)));
    }

    @Test
    void shouldRefuseEveryTruncationAndTrailingBytes() {
        final byte[] full = store();
        for (int length = 0; length < full.length; length++) {
            final byte[] cut = Arrays.copyOf(full, length);
            final MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode(LogServerMessageTypes.STORE, cut), "length " + length);
            assertTrue(e.getMessage().startsWith("Store: "), e.getMessage());
        }
        final byte[] longer = Arrays.copyOf(full, full.length + 1);
        assertEquals("Store: 1 unexpected trailing bytes", assertThrows(MalformedMessageException.class,
            () -> decode(LogServerMessageTypes.STORE, longer)).getMessage());
        final byte[] response = ResponseCodec.header(new TailState(LogletStatus.OK, 1, 1, false));
        for (int length = 0; length < response.length; length++) {
            final byte[] cut = Arrays.copyOf(response, length);
            assertThrows(MalformedMessageException.class, () -> ResponseCodec.decodeHeader(cut, "Stored"));
        }
    }

    @Test
    void shouldNameTheFieldOfEachBadValue() {
        assertRefused(LogServerMessageTypes.STORE, patch(store(), 0, 2), "version 2 is not the supported version 1");
        assertRefused(LogServerMessageTypes.STORE, patch(store(), 1, 2), "unknown flags 0x2");
        assertRefused(LogServerMessageTypes.SEAL, new RequestEncoder().header(1, 0, LOGLET).u64(1).toBytes(),
            "unknown flags 0x1");
        assertRefused(LogServerMessageTypes.STORE, patch(store(), 16, 0), "first_offset is 0");
        assertRefused(LogServerMessageTypes.STORE, new RequestEncoder().header(0, 0, LOGLET).u32(1).u32(0).u64(1L << 32)
            .u64(0).toBytes(), "count 0 must be in [1, 65536]");
        assertRefused(LogServerMessageTypes.STORE, new RequestEncoder().header(0, 0, LOGLET).u32(0xFFFF_FFFFL).u32(2)
            .u64(1L << 32).u64(0).payloads(List.of(new byte[0], new byte[0])).toBytes(), "run past the u32 offsets");
        assertRefused(LogServerMessageTypes.STORE, new RequestEncoder().header(0, 0, LOGLET).u32(1).u32(1).u64(5)
            .u64(0).payloads(List.of(new byte[0])).toBytes(), "has node id 0");
        assertRefused(LogServerMessageTypes.GET_RECORDS, new RequestEncoder().header(0, 0, LOGLET).u32(5).u32(4)
            .u32(1).toBytes(), "to_offset 4 is before from_offset 5");
        assertRefused(LogServerMessageTypes.WAIT_FOR_TAIL, new RequestEncoder().header(0, 0, LOGLET).u8(2).u8(0)
            .u8(0).u8(0).u32(1).toBytes(), "query 2 is neither");
        assertRefused(0x0299, new RequestEncoder().header(0, 0, LOGLET).toBytes(), "unknown message type 0x299");
        final byte[] hugeRecord = patch(store(), 40, 0x7F);
        assertRefused(LogServerMessageTypes.STORE, hugeRecord, "record 5 of 127 bytes runs past the end");
    }

    @Test
    void shouldRefuseRandomBytesWithoutOtherExceptions() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("LogServerWireTest random bytes seed " + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] types = {LogServerMessageTypes.STORE, LogServerMessageTypes.GET_RECORDS,
            LogServerMessageTypes.SEAL, LogServerMessageTypes.WAIT_FOR_TAIL, LogServerMessageTypes.GET_DIGEST};
        for (int i = 0; i < 20_000; i++) {
            final byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(64)] : store();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                decode(types[random.nextInt(types.length)], bytes);
            } catch (final MalformedMessageException expected) {
                // refused with a named problem: fine
            }
            try {
                ResponseCodec.decodeRecords(bytes);
            } catch (final MalformedMessageException expected) {
                // fine
            }
        }
    }

    private static void assertRefused(final int type, final byte[] body, final String problem) {
        final MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(type, body));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static byte[] patch(final byte[] bytes, final int at, final int value) {
        final byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static Request decode(final int type, final byte[] body) {
        return LogServerWire.decode(type, new UnsafeBuffer(body), 0, body.length);
    }
}
