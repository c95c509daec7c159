package io.jrestate.aeron.transport.internal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reassembler follows its decision table: fragments in order complete a message, a new first fragment abandons
 * a partial one, and a gap, a repeat or a fragment of another message is rejected and resets the state.
 */
class ReassemblerTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final FrameFlyweight frame = new FrameFlyweight();
    private final Reassembler reassembler = new Reassembler();

    @Test
    void shouldCompleteAMessageFromOrderedFragments() {
        assertFalse(reassembler.onFragment(fragment(1, 30, 0, 10, (byte) 'a')));
        assertFalse(reassembler.onFragment(fragment(1, 30, 10, 10, (byte) 'b')));
        assertTrue(reassembler.onFragment(fragment(1, 30, 20, 10, (byte) 'c')));
        assertEquals(30, reassembler.length());
        assertEquals('a', reassembler.buffer().getByte(0));
        assertEquals('b', reassembler.buffer().getByte(10));
        assertEquals('c', reassembler.buffer().getByte(29));
    }

    @Test
    void shouldAbandonAPartialMessageWhenANewOneStarts() {
        reassembler.onFragment(fragment(1, 30, 0, 10, (byte) 'a'));
        assertTrue(reassembler.onFragment(fragment(2, 10, 0, 10, (byte) 'z')));
        assertEquals(1, reassembler.abandonedCount());
        assertEquals('z', reassembler.buffer().getByte(0));
    }

    @Test
    void shouldRejectAGapARepeatOrAForeignFragment() {
        reassembler.onFragment(fragment(1, 30, 0, 10, (byte) 'a'));
        assertThrows(MalformedFrameException.class, () -> reassembler.onFragment(fragment(1, 30, 20, 10, (byte) 0)));
        assertFalse(reassembler.inProgress());

        reassembler.onFragment(fragment(1, 30, 0, 10, (byte) 'a'));
        final MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> reassembler.onFragment(fragment(2, 30, 10, 10, (byte) 0)));
        assertTrue(e.getMessage().contains("does not continue a partial message at 10 of 30"), e.getMessage());

        assertThrows(MalformedFrameException.class, () -> reassembler.onFragment(fragment(1, 30, 10, 10, (byte) 0)));
    }

    private FrameFlyweight fragment(final long correlationId, final int total, final int offset, final int length,
        final byte fill) {
        FrameFlyweight.encodeFragment(buffer, 0, FrameFlyweight.MESSAGE, 1, correlationId, total, offset);
        buffer.setMemory(24, length, fill);
        return frame.wrapAndValidate(buffer, 0, 24 + length, 1 << 20);
    }
}
