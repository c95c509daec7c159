package io.jrestate.aeron.transport.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the whole inbound parse path with sequences of frames on a few sessions. Oracles: only
 * {@link MalformedFrameException} may escape; a decoded body lies inside the frame (or the reassembled message) and
 * never exceeds the declared maximum; a handshake or unfragmented data frame that decodes re-encodes to the same
 * bytes. In the gate it runs in regression mode over the committed inputs under
 * {@code src/test/resources/.../InboundDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class InboundDecoderFuzzTest {
    private static final int MAX = 64 * 1024;

    @FuzzTest(maxDuration = "60s")
    void fuzzDecode(final FuzzedDataProvider data) {
        final Checker checker = new Checker();
        final InboundDecoder decoder = new InboundDecoder(MAX, checker);
        final int frames = data.consumeInt(1, 8);
        for (int i = 0; i < frames && data.remainingBytes() > 0; i++) {
            final int sessionId = data.consumeInt(0, 2);
            final byte[] bytes = data.consumeBytes(data.consumeInt(0, 2048));
            checker.frame = bytes;
            try {
                decoder.decode(sessionId, new UnsafeBuffer(bytes), 0, bytes.length);
            } catch (final MalformedFrameException expected) {
                // Bad input is rejected with the declared exception; the decoder stays usable afterwards.
            }
            if (data.consumeBoolean()) {
                decoder.onSessionClosed(sessionId);
            }
        }
    }

    /** Applies the oracles to whatever the decoder accepts. */
    private static final class Checker implements InboundDecoder.Listener {
        private byte[] frame;

        @Override
        public void onHello(final int sessionId, final HelloCodec hello) {
            reencodes(FrameFlyweight.HELLO, hello);
        }

        @Override
        public void onHelloAck(final int sessionId, final HelloCodec hello) {
            reencodes(FrameFlyweight.HELLO_ACK, hello);
        }

        private void reencodes(final byte kind, final HelloCodec hello) {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[FrameFlyweight.HEADER_LENGTH + HelloCodec.LENGTH_MAX]);
            final int length = FrameFlyweight.encode(out, 0, kind, 0, 0)
                + hello.encode(out, FrameFlyweight.HEADER_LENGTH);
            final byte[] again = new byte[length];
            out.getBytes(0, again);
            assertArrayEquals(frame, again, "hello does not re-encode to the same bytes");
        }

        @Override
        public void onReject(final int sessionId, final ErrorCodec error) {
            assertTrue(error.text().length() <= ErrorCodec.TEXT_BYTES_MAX);
        }

        @Override
        public void onData(final int sessionId, final byte kind, final int messageType, final long correlationId,
            final DirectBuffer buffer, final int offset, final int length) {
            assertTrue(length >= 0 && length <= MAX, "body length " + length);
            assertTrue(offset >= 0 && offset + length <= buffer.capacity(), "body outside its buffer");
            if (buffer.byteArray() == frame) {
                assertEquals(frame.length, offset + length, "an unfragmented body ends where the frame ends");
                final UnsafeBuffer header = new UnsafeBuffer(new byte[FrameFlyweight.HEADER_LENGTH]);
                FrameFlyweight.encode(header, 0, kind, messageType, correlationId);
                for (int i = 0; i < FrameFlyweight.HEADER_LENGTH; i++) {
                    assertEquals(header.getByte(i), frame[i], "header byte " + i + " does not re-encode");
                }
            }
        }
    }
}
