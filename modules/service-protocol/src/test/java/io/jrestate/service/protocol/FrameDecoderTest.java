package io.jrestate.service.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.EndMessage;
import io.jrestate.service.protocol.pb.Header;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.StartMessage;
import io.jrestate.service.protocol.pb.Value;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of the streaming frame decoder: frames split at every possible byte boundary, several frames in
 * one chunk, and every kind of bad frame (unknown type, reserved flags, oversized payload, truncation), each
 * of which must fail with a message naming the problem and without allocating beyond the limit.
 */
class FrameDecoderTest {
    private static byte[] sampleStream() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frame.of(StartMessage.newBuilder().setId(ByteString.copyFrom(new byte[24]))
            .setDebugId("inv_1abc").setKnownEntries(1).setPartialState(true).setRandomSeed(42).build()).encode());
        out.writeBytes(Frame.of(InputCommandMessage.newBuilder()
            .addHeaders(Header.newBuilder().setKey("x-restate-ingress-path").setValue("/Greeter/greet"))
            .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8("\"Bob\""))).build()).encode());
        out.writeBytes(Frame.of(CallCommandMessage.newBuilder().setServiceName("Counter").setHandlerName("add")
            .setKey("bob").setInvocationIdNotificationIdx(1).setResultCompletionId(2).build(), true).encode());
        out.writeBytes(Frame.of(EndMessage.getDefaultInstance()).encode());
        return out.toByteArray();
    }

    private static List<Frame> decodeAll(final byte[] stream, final FrameDecoder decoder) {
        final List<Frame> frames = new ArrayList<>();
        decoder.feed(stream, frames::add);
        decoder.finish();
        return frames;
    }

    @Test
    void shouldDecodeTheSameFramesWhateverTheSplitPoint() {
        final byte[] stream = sampleStream();
        final List<Frame> whole = decodeAll(stream, new FrameDecoder(1024));
        assertEquals(4, whole.size());
        assertEquals(List.of(MessageType.START, MessageType.INPUT_COMMAND, MessageType.CALL_COMMAND,
            MessageType.END), whole.stream().map(Frame::type).toList());
        assertTrue(whole.get(2).ackRequested());
        for (int split = 0; split <= stream.length; split++) {
            final FrameDecoder decoder = new FrameDecoder(1024);
            final List<Frame> frames = new ArrayList<>();
            decoder.feed(java.util.Arrays.copyOfRange(stream, 0, split), frames::add);
            decoder.feed(java.util.Arrays.copyOfRange(stream, split, stream.length), frames::add);
            decoder.finish();
            assertEquals(whole, frames, "split at " + split);
        }
    }

    @Test
    void shouldDecodeByteByByte() {
        final byte[] stream = sampleStream();
        final FrameDecoder decoder = new FrameDecoder(1024);
        final List<Frame> frames = new ArrayList<>();
        for (final byte b : stream) {
            decoder.feed(new byte[] {b}, frames::add);
        }
        decoder.finish();
        assertEquals(decodeAll(stream, new FrameDecoder(1024)), frames);
        assertEquals(4, decoder.framesDecoded());
    }

    @Test
    void shouldRejectUnknownTypeNamingItsCode() {
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decodeAll(HexFormat.of().parseHex("040f000000000000"), new FrameDecoder(1024)));
        assertTrue(e.getMessage().contains("unknown message type 0x040F"), e.getMessage());
    }

    @Test
    void shouldRejectReservedFlagBits() {
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decodeAll(HexFormat.of().parseHex("0003000100000000"), new FrameDecoder(1024)));
        assertTrue(e.getMessage().contains("reserved flag bits set (flags 0x0001)"), e.getMessage());
        assertTrue(e.getMessage().contains("END 0x0003"), e.getMessage());
    }

    @Test
    void shouldRejectOversizedMessageBeforeAllocatingIt() {
        final FrameDecoder decoder = new FrameDecoder(16);
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decoder.feed(HexFormat.of().parseHex("0401000000000011"), f -> { }));
        assertTrue(e.getMessage().contains("message of 17 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("exceeds the message size limit of 16 bytes"), e.getMessage());
        assertEquals(0, decoder.bufferedCapacityBytes());
        final ProtocolException again = assertThrows(ProtocolException.class,
            () -> decoder.feed(new byte[] {0}, f -> { }));
        assertTrue(again.getMessage().startsWith("decoder already failed"), again.getMessage());
    }

    @Test
    void shouldRejectMaximalForgedLength() {
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decodeAll(HexFormat.of().parseHex("04010000ffffffff"), new FrameDecoder(32 << 20)));
        assertTrue(e.getMessage().contains("message of 4294967295 bytes"), e.getMessage());
    }

    @Test
    void shouldGrowPayloadBufferOnlyWithArrivingBytes() {
        final FrameDecoder decoder = new FrameDecoder(32 << 20);
        // A frame announcing 32 MiB of which only 10 bytes arrive must not allocate 32 MiB.
        decoder.feed(HexFormat.of().parseHex("0401000002000000" + "00".repeat(10)), f -> { });
        assertTrue(decoder.bufferedCapacityBytes() <= 256, "capacity " + decoder.bufferedCapacityBytes());
    }

    @Test
    void shouldRejectStreamEndingInsidePayload() {
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decodeAll(HexFormat.of().parseHex("0001000000000004 1202".replace(" ", "")),
                new FrameDecoder(1024)));
        assertTrue(e.getMessage().contains("stream ended inside frame #0 (SUSPENSION 0x0001): got 2 of 4"),
            e.getMessage());
    }

    @Test
    void shouldRejectStreamEndingInsideHeader() {
        final ProtocolException e = assertThrows(ProtocolException.class,
            () -> decodeAll(HexFormat.of().parseHex("000100"), new FrameDecoder(1024)));
        assertTrue(e.getMessage().contains("got 3 of 8 header bytes"), e.getMessage());
    }

    @Test
    void shouldRejectPayloadThatIsNotProtobufNamingTheType() {
        final Frame f = decodeAll(HexFormat.of().parseHex("040c000000000002 08ff".replace(" ", "")),
            new FrameDecoder(1024)).getFirst();
        final ProtocolException e = assertThrows(ProtocolException.class, f::parse);
        assertTrue(e.getMessage().contains("payload of SLEEP_COMMAND (2 bytes) is not valid protobuf"),
            e.getMessage());
    }

    @Test
    void shouldAcceptCustomEntriesOpaquely() {
        final List<Frame> frames = decodeAll(HexFormat.of().parseHex("fc05000000000003 010203".replace(" ", "")),
            new FrameDecoder(1024));
        assertEquals(MessageType.CUSTOM_ENTRY, frames.getFirst().type());
        assertEquals(0xFC05, frames.getFirst().typeCode());
        assertThrows(ProtocolException.class, frames.getFirst()::parse);
    }

    @Test
    void shouldRejectParsingAsTheWrongClass() {
        final Frame f = Frame.of(EndMessage.getDefaultInstance());
        final ProtocolException e = assertThrows(ProtocolException.class, () -> f.parse(StartMessage.class));
        assertTrue(e.getMessage().contains("expected StartMessage but frame has type END"), e.getMessage());
    }
}
