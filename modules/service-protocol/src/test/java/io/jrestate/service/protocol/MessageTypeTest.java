package io.jrestate.service.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.jrestate.service.protocol.pb.ProposeRunCompletionAckMessage;
import io.jrestate.service.protocol.pb.SignalNotificationMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checks the catalogue against the spec's table (section 1.5): every type code maps back to its enum constant,
 * the ranges hold, the protobuf class of each type maps back to the type, and unknown codes are unknown.
 * Also covers content-type parsing and per-attempt version negotiation (section 1.3).
 */
class MessageTypeTest {
    @Test
    void shouldMapEveryCodeBackToItsType() {
        for (final MessageType t : MessageType.values()) {
            assertSame(t, MessageType.ofCode(t.code()), t.name());
            switch (t.kind()) {
                case CONTROL -> assertTrue(t.code() < 0x0400, t.name());
                case COMMAND -> assertTrue(t.code() >= 0x0400 && t.code() < 0x8000, t.name());
                case NOTIFICATION -> assertTrue(t.code() >= 0x8000 && t.code() < 0xFC00, t.name());
                case CUSTOM -> assertTrue(t.code() >= 0xFC00, t.name());
                default -> throw new AssertionError(t);
            }
            if (t != MessageType.CUSTOM_ENTRY) {
                final Message empty = t.parse(new byte[0]);
                assertSame(t, MessageType.of(empty), t.name());
            }
        }
    }

    @Test
    void shouldKnowTheCatalogueSize() {
        // 8 control messages, 20 commands, 12 notifications, plus the custom range.
        assertEquals(41, MessageType.values().length);
    }

    @Test
    void shouldTreatGapsAsUnknownAndTheCustomRangeAsCustom() {
        for (final int code : new int[] {0x0008, 0x03FF, 0x040F, 0x0415, 0x7FFF, 0x8000, 0x8001, 0x8003, 0x800F,
            0x8014, 0xFBFE, -1, 0x10000}) {
            assertNull(MessageType.ofCode(code), MessageType.hex(code));
        }
        assertSame(MessageType.CUSTOM_ENTRY, MessageType.ofCode(0xFC00));
        assertSame(MessageType.CUSTOM_ENTRY, MessageType.ofCode(0xFFFF));
        assertSame(MessageType.SIGNAL, MessageType.of(SignalNotificationMessage.getDefaultInstance()));
        assertSame(ProtocolVersion.V7, MessageType.of(ProposeRunCompletionAckMessage.getDefaultInstance())
            .minVersion());
    }

    @Test
    void shouldParseContentTypes() {
        assertEquals(Optional.of(ProtocolVersion.V6),
            ProtocolVersion.ofContentType("application/vnd.restate.invocation.v6"));
        assertEquals(Optional.of(ProtocolVersion.V7),
            ProtocolVersion.ofContentType(" Application/VND.restate.invocation.v7 ; charset=x"));
        assertEquals(Optional.empty(), ProtocolVersion.ofContentType("application/vnd.restate.invocation.v4"));
        assertEquals(Optional.empty(), ProtocolVersion.ofContentType("application/json"));
        assertEquals(Optional.empty(), ProtocolVersion.ofContentType("application/vnd.restate.invocation.vx"));
        assertEquals(Optional.empty(), ProtocolVersion.ofContentType(null));
    }

    @Test
    void shouldNegotiateTheHighestCommonVersion() {
        assertEquals(Optional.of(ProtocolVersion.V6), ProtocolVersion.negotiate(5, 7, ProtocolVersion.V6));
        assertEquals(Optional.of(ProtocolVersion.V7), ProtocolVersion.negotiate(5, 7, ProtocolVersion.V7));
        assertEquals(Optional.of(ProtocolVersion.V5), ProtocolVersion.negotiate(5, 5, ProtocolVersion.V7));
        assertEquals(Optional.empty(), ProtocolVersion.negotiate(7, 7, ProtocolVersion.V6));
        assertEquals(Optional.empty(), ProtocolVersion.negotiate(1, 4, ProtocolVersion.V7));
    }
}
