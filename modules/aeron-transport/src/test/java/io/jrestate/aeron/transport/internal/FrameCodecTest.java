package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame header, handshake body and error body: each encodes and decodes back to itself, the layouts sit at the
 * offsets the javadoc draws, and every truncation or field outside its range is rejected with a message naming it.
 */
class FrameCodecTest {
    private static final int MAX = 1 << 20;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Test
    void shouldPlaceHeaderFieldsWhereTheDiagramSays() {
        FrameFlyweight.encode(buffer, 0, FrameFlyweight.REQUEST, 0xBEEF, 0x0102030405060708L);
        assertEquals(0x6A, buffer.getByte(0));
        assertEquals(0x52, buffer.getByte(1));
        assertEquals(1, buffer.getByte(2));
        assertEquals(FrameFlyweight.REQUEST, buffer.getByte(3));
        assertEquals((byte) 0xEF, buffer.getByte(4));
        assertEquals((byte) 0xBE, buffer.getByte(5));
        assertEquals(0, buffer.getShort(6));
        assertEquals(0x08, buffer.getByte(8));
        assertEquals(0x01, buffer.getByte(15));
    }

    @Test
    void shouldRoundTripADataFrameAndAFragment() {
        FrameFlyweight.encode(buffer, 8, FrameFlyweight.RESPONSE, 65535, -7L);
        final FrameFlyweight frame = new FrameFlyweight().wrapAndValidate(buffer, 8, 16 + 100, MAX);
        assertEquals(FrameFlyweight.RESPONSE, frame.kind());
        assertEquals(65535, frame.messageType());
        assertEquals(-7L, frame.correlationId());
        assertEquals(24, frame.bodyOffset());
        assertEquals(100, frame.bodyLength());

        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.MESSAGE, 3, 9, 5000, 1000);
        frame.wrapAndValidate(buffer, 0, 24 + 1000, MAX);
        assertTrue(frame.isFragment());
        assertEquals(5000, frame.totalLength());
        assertEquals(1000, frame.fragmentOffset());
        assertEquals(24, frame.bodyOffset());
    }

    @Test
    void shouldRejectEveryTruncatedHeader() {
        FrameFlyweight.encode(buffer, 0, FrameFlyweight.MESSAGE, 1, 0);
        for (int length = 0; length < FrameFlyweight.HEADER_LENGTH; length++) {
            final int len = length;
            assertThrows(MalformedFrameException.class,
                () -> new FrameFlyweight().wrapAndValidate(buffer, 0, len, MAX), "length " + length);
        }
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.MESSAGE, 1, 0, 10, 0);
        assertThrows(MalformedFrameException.class, () -> new FrameFlyweight().wrapAndValidate(buffer, 0, 20, MAX));
    }

    @Test
    void shouldRejectBadHeaderFieldsNamingThem() {
        assertRejected(b -> b.putShort(0, (short) 0x1234), "magic");
        assertRejected(b -> b.putByte(2, (byte) 2), "version 2");
        assertRejected(b -> b.putByte(3, (byte) 0), "kind 0");
        assertRejected(b -> b.putByte(3, (byte) 8), "kind 8");
        assertRejected(b -> b.putShort(6, (short) 2), "flags");
        FrameFlyweight.encode(buffer, 0, FrameFlyweight.HELLO, 0, 0);
        buffer.putShort(4, (short) 3);
        assertMessage("HELLO must have no flags", 32);
        FrameFlyweight.encode(buffer, 0, FrameFlyweight.MESSAGE, 0, 0);
        assertThrows(MalformedFrameException.class, () -> new FrameFlyweight().wrapAndValidate(buffer, 0, 100, 50));
    }

    @Test
    void shouldRejectFragmentsThatOverflowTheirMessage() {
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.REQUEST, 1, 1, 100, 90);
        assertMessage("does not fit", 24 + 20);
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.REQUEST, 1, 1, MAX + 1, 0);
        assertMessage("exceeds the maximum", 24 + 20);
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.REQUEST, 1, 1, 100, 0);
        assertMessage("does not fit", 24);
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.REQUEST, 1, 1, 100, -1);
        assertMessage("does not fit", 24 + 20);
    }

    @Test
    void shouldRoundTripAHelloAndRejectItsTruncations() {
        final NodeIdentity id = new NodeIdentity("clüster", -3L, new GenerationalNodeId(7, 42));
        final HelloCodec hello = new HelloCodec(id, "10.0.0.7", 5122, 991);
        final int length = hello.encode(buffer, 4);
        assertEquals(24 + "clüster".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 8, length);
        assertEquals(hello, HelloCodec.decode(buffer, 4, length));
        for (int cut = 0; cut < length; cut++) {
            final int len = cut;
            assertThrows(MalformedFrameException.class, () -> HelloCodec.decode(buffer, 4, len), "cut " + cut);
        }
        assertThrows(MalformedFrameException.class, () -> HelloCodec.decode(buffer, 4, length + 1));
    }

    @Test
    void shouldRejectAHelloWithBadIdsOrBadUtf8() {
        final HelloCodec hello = new HelloCodec(
            new NodeIdentity("c", 1, new GenerationalNodeId(1, 1)), "h", 1, 0);
        final int length = hello.encode(buffer, 0);
        buffer.putInt(0, 0);
        assertMessageOf(() -> HelloCodec.decode(buffer, 0, length), "node 0");
        hello.encode(buffer, 0);
        buffer.putInt(4, -1);
        assertMessageOf(() -> HelloCodec.decode(buffer, 0, length), "generation 4294967295");
        hello.encode(buffer, 0);
        buffer.putByte(24, (byte) 0xFF);
        assertMessageOf(() -> HelloCodec.decode(buffer, 0, length), "cluster name is not valid UTF-8");
        hello.encode(buffer, 0);
        buffer.putShort(20, (short) 0);
        assertMessageOf(() -> HelloCodec.decode(buffer, 0, length), "port 0");
    }

    @Test
    void shouldRoundTripAnErrorAndCutLongTexts() {
        final ErrorCodec error = new ErrorCodec(ErrorCodec.CODE_HANDLER_FAILED, "boom");
        final int length = error.encode(buffer, 0);
        assertEquals(error, ErrorCodec.decode(buffer, 0, length));
        final int longLength = new ErrorCodec(1, "x".repeat(3000)).encode(buffer, 0);
        assertEquals(ErrorCodec.LENGTH_MAX, longLength);
        assertEquals(1024, ErrorCodec.decode(buffer, 0, longLength).text().length());
        assertThrows(MalformedFrameException.class, () -> ErrorCodec.decode(buffer, 0, longLength - 1));
        assertThrows(MalformedFrameException.class, () -> ErrorCodec.decode(buffer, 0, 3));
    }

    @Test
    void shouldSplitLongBodiesIntoFragmentsThatReassemble() {
        final long seed = TestSeeds.seed("shouldSplitLongBodiesIntoFragmentsThatReassemble");
        final Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            final byte[] body = new byte[random.nextInt(20_000)];
            random.nextBytes(body);
            final int aeronMax = 64 + random.nextInt(4096);
            final List<byte[]> frames = new ArrayList<>();
            final int done = FrameEncoder.encode(new UnsafeBuffer(new byte[24]), FrameFlyweight.REQUEST, 5, round,
                new UnsafeBuffer(body), 0, body.length, 0, aeronMax, (h, hl, b, bo, bl) -> {
                    final byte[] frame = new byte[hl + bl];
                    h.getBytes(0, frame, 0, hl);
                    b.getBytes(bo, frame, hl, bl);
                    assertTrue(frame.length <= aeronMax, "frame of " + frame.length + " > " + aeronMax);
                    return frames.add(frame);
                });
            assertEquals(body.length, done);
            final List<byte[]> decoded = new ArrayList<>();
            final InboundDecoder decoder = new InboundDecoder(MAX, new RecordingListener(decoded));
            for (final byte[] frame : frames) {
                decoder.decode(1, new UnsafeBuffer(frame), 0, frame.length);
            }
            assertEquals(1, decoded.size(), "seed " + seed + " round " + round);
            assertArrayEquals(body, decoded.get(0), "seed " + seed + " round " + round);
        }
    }

    private void assertRejected(final java.util.function.Consumer<UnsafeBuffer> corrupt, final String what) {
        FrameFlyweight.encode(buffer, 0, FrameFlyweight.MESSAGE, 1, 0);
        corrupt.accept(buffer);
        assertThrows(MalformedFrameException.class, () -> new FrameFlyweight().wrapAndValidate(buffer, 0, 32, MAX),
            what);
    }

    private void assertMessage(final String expected, final int length) {
        assertMessageOf(() -> new FrameFlyweight().wrapAndValidate(buffer, 0, length, MAX), expected);
    }

    private static void assertMessageOf(final org.junit.jupiter.api.function.Executable call, final String part) {
        final MalformedFrameException e = assertThrows(MalformedFrameException.class, call);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }

    /** Collects the bodies of complete data messages. */
    static final class RecordingListener implements InboundDecoder.Listener {
        private final List<byte[]> bodies;

        RecordingListener(final List<byte[]> bodies) {
            this.bodies = bodies;
        }

        @Override
        public void onHello(final int sessionId, final HelloCodec hello) {
        }

        @Override
        public void onHelloAck(final int sessionId, final HelloCodec hello) {
        }

        @Override
        public void onReject(final int sessionId, final ErrorCodec error) {
        }

        @Override
        public void onData(final int sessionId, final byte kind, final int messageType, final long correlationId,
            final org.agrona.DirectBuffer buffer, final int offset, final int length) {
            final byte[] body = new byte[length];
            buffer.getBytes(offset, body);
            bodies.add(body);
        }
    }
}
