package io.jrestate.service.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.jrestate.service.protocol.pb.EndMessage;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionAckMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.SignalNotificationMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.service.protocol.pb.SleepCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.SuspensionMessage;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decodes the frames captured on the wire between restate-server 1.7.12 and the TypeScript SDK (hex from the
 * protocol spec, section 1.4), checks every field against what the capture meant, and re-encodes the parsed
 * message to prove the encoder produces the very same bytes.
 */
class CapturedFramesTest {
    private static Frame decodeOne(final String hex) {
        final List<Frame> frames = new ArrayList<>();
        final FrameDecoder decoder = new FrameDecoder(1 << 20);
        decoder.feed(HexFormat.of().parseHex(hex.replace(" ", "")), frames::add);
        decoder.finish();
        assertEquals(1, frames.size(), "exactly one frame in " + hex);
        return frames.getFirst();
    }

    private static void assertReencodes(final String hex, final Message parsed, final boolean ack) {
        assertEquals(hex.replace(" ", ""), HexFormat.of().formatHex(Frame.of(parsed, ack).encode()));
    }

    @Test
    void shouldDecodeV6SuspensionOnTwoSignals() {
        final String hex = "0001000000000004 12021101";
        final SuspensionMessage m = decodeOne(hex).parse(SuspensionMessage.class);
        assertEquals(List.of(17, 1), m.getWaitingSignalsList());
        assertTrue(m.getWaitingCompletionsList().isEmpty());
        assertFalse(m.hasAwaitingOn());
        assertReencodes(hex, m, false);
    }

    @Test
    void shouldDecodeSleepCommandWithAbsoluteWakeUpTime() {
        final String hex = "040c000000000009 08cd9d87c8a0345801";
        final Frame f = decodeOne(hex);
        assertEquals(MessageType.SLEEP_COMMAND, f.type());
        final SleepCommandMessage m = f.parse(SleepCommandMessage.class);
        assertEquals(1, m.getResultCompletionId());
        // The wake-up time is milliseconds since the epoch: the capture was taken in 2026.
        assertTrue(m.getWakeUpTime() > 1_700_000_000_000L && m.getWakeUpTime() < 1_900_000_000_000L,
            "wake up time " + m.getWakeUpTime());
        assertReencodes(hex, m, false);
    }

    @Test
    void shouldDecodeSleepCompletionWithExplicitVoid() {
        final String hex = "800c000000000004 08012200";
        final SleepCompletionNotificationMessage m = decodeOne(hex).parse(SleepCompletionNotificationMessage.class);
        assertEquals(1, m.getCompletionId());
        assertTrue(m.hasVoid());
        assertReencodes(hex, m, false);
    }

    @Test
    void shouldDecodeCancelSignal() {
        final String hex = "fbff000000000004 10012200";
        final SignalNotificationMessage m = decodeOne(hex).parse(SignalNotificationMessage.class);
        assertEquals(SignalNotificationMessage.SignalIdCase.IDX, m.getSignalIdCase());
        assertEquals(1, m.getIdx());
        assertEquals(SignalNotificationMessage.ResultCase.VOID, m.getResultCase());
        assertReencodes(hex, m, false);
    }

    @Test
    void shouldDecodeOutputWithCancelledFailure() {
        final String hex = "0401000000000010 7a0e0899031209 43616e63656c6c6564";
        final OutputCommandMessage m = decodeOne(hex).parse(OutputCommandMessage.class);
        assertEquals(OutputCommandMessage.ResultCase.FAILURE, m.getResultCase());
        assertEquals(409, m.getFailure().getCode());
        assertEquals("Cancelled", m.getFailure().getMessage());
        assertReencodes(hex, m, false);
    }

    @Test
    void shouldDecodeV7RunProposalWithAckFlagAndItsAck() {
        final String hex = "0005800000000006 0801 7202 3432";
        final Frame f = decodeOne(hex);
        assertTrue(f.ackRequested());
        final ProposeRunCompletionMessage m = f.parse(ProposeRunCompletionMessage.class);
        assertEquals(1, m.getResultCompletionId());
        assertEquals("42", m.getValue().toStringUtf8());
        assertReencodes(hex, m, true);

        final String ackHex = "0007000000000002 0801";
        final ProposeRunCompletionAckMessage ack = decodeOne(ackHex).parse(ProposeRunCompletionAckMessage.class);
        assertEquals(1, ack.getCompletionId());
        assertReencodes(ackHex, ack, false);
    }

    @Test
    void shouldDecodeEmptyEndMessage() {
        final String hex = "0003000000000000";
        final Frame f = decodeOne(hex);
        assertEquals(MessageType.END, f.type());
        assertEquals(0, f.payload().length);
        assertEquals(EndMessage.getDefaultInstance(), f.parse());
        assertArrayEquals(HexFormat.of().parseHex(hex), Frame.of(EndMessage.getDefaultInstance()).encode());
    }
}
