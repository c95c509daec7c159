package io.jrestate.service.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer fuzz target of the frame decoder. In the gate it runs in regression mode over the committed inputs under
 * {@code src/test/resources/io/jrestate/service/protocol/FrameDecoderFuzzTestInputs/}; real fuzzing runs with
 * {@code JAZZER_FUZZ=1 bin/mvn25 -pl modules/service-protocol -am test -Dtest=FrameDecoderFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Oracles: only {@link ProtocolException} may escape the decoder and the parser; the payload buffer never
 * grows beyond the limit; every decoded frame re-encodes to exactly the bytes it was decoded from, and a parsed
 * message's type matches the frame's.
 */
class FrameDecoderFuzzTest {
    private static final int LIMIT_BYTES = 4096;

    @FuzzTest(maxDuration = "60s")
    void decodeArbitraryChunks(final FuzzedDataProvider data) {
        final int chunkBytes = data.consumeInt(1, 64);
        final byte[] stream = data.consumeRemainingAsBytes();
        final FrameDecoder decoder = new FrameDecoder(LIMIT_BYTES);
        final List<Frame> frames = new ArrayList<>();
        int consumed = 0;
        try {
            while (consumed < stream.length) {
                final int n = Math.min(chunkBytes, stream.length - consumed);
                decoder.feed(ByteBuffer.wrap(stream, consumed, n), frames::add);
                consumed += n;
                assertTrue(decoder.bufferedCapacityBytes() <= LIMIT_BYTES, "buffer beyond the limit");
            }
            decoder.finish();
        } catch (final ProtocolException expected) {
            // Bad input must be reported this way and no other.
        }
        final ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
        for (final Frame f : frames) {
            reencoded.writeBytes(f.encode());
            tryParse(f);
        }
        final byte[] prefix = java.util.Arrays.copyOf(stream, reencoded.size());
        assertArrayEquals(prefix, reencoded.toByteArray(), "decoded frames must re-encode to the input");
    }

    private static void tryParse(final Frame f) {
        if (f.type() == MessageType.CUSTOM_ENTRY) {
            return;
        }
        try {
            assertTrue(MessageType.of(f.parse()) == f.type(), "parsed class must match the frame type");
        } catch (final ProtocolException expected) {
            // Invalid protobuf payloads are reported as protocol errors.
        }
    }
}
