package io.jrestate.metadata.raft.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrestate.metadata.raft.Precondition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks the replicated state machine and its codecs: versions and preconditions decided at apply time, command
 * and snapshot round trips, and clear errors for truncated inputs.
 */
class MetadataStateMachineTest {
    private static MetadataCommand put(final String key, final Precondition pc, final String value) {
        return new MetadataCommand(MetadataCommand.Op.PUT, key, pc, "text/plain",
            value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldVersionPutsAndCheckPreconditionsAtApplyTime() {
        final MetadataStateMachine sm = new MetadataStateMachine();
        assertEquals(new MetadataStateMachine.Result(true, 1), sm.apply(put("a", Precondition.doesNotExist(), "1")));
        assertEquals(new MetadataStateMachine.Result(false, 1), sm.apply(put("a", Precondition.doesNotExist(), "x")));
        assertEquals(new MetadataStateMachine.Result(false, 1), sm.apply(put("a", Precondition.matchesVersion(2),
            "x")));
        assertEquals(new MetadataStateMachine.Result(true, 2), sm.apply(put("a", Precondition.matchesVersion(1),
            "2")));
        assertEquals(new MetadataStateMachine.Result(true, 0), sm.apply(new MetadataCommand(
            MetadataCommand.Op.DELETE, "a", Precondition.none(), "", new byte[0])));
        assertNull(sm.get("a"));
    }

    @Test
    void shouldRoundTripCommandsAndSnapshots() {
        final MetadataCommand command = put("partition_table", Precondition.matchesVersion(3), "{}");
        final MetadataCommand decoded = MetadataCommand.decode(command.encode());
        assertEquals(command.key(), decoded.key());
        assertEquals(command.precondition(), decoded.precondition());
        assertArrayEquals(command.value(), decoded.value());
        final MetadataStateMachine sm = new MetadataStateMachine();
        sm.apply(put("a", Precondition.none(), "1"));
        sm.apply(put("b", Precondition.none(), "2"));
        sm.apply(put("b", Precondition.none(), "3"));
        final MetadataStateMachine copy = new MetadataStateMachine();
        copy.restore(sm.snapshot());
        assertEquals(2, copy.get("b").version());
        assertArrayEquals(sm.snapshot(), copy.snapshot());
    }

    @Test
    void shouldRejectTruncatedCommandsAndSnapshotsWithAClearError() {
        final byte[] command = put("k", Precondition.none(), "value").encode();
        for (int length = 0; length < command.length; length++) {
            final byte[] cut = java.util.Arrays.copyOf(command, length);
            assertThrows(IllegalArgumentException.class, () -> MetadataCommand.decode(cut), "length " + length);
        }
        final MetadataStateMachine sm = new MetadataStateMachine();
        sm.apply(put("k", Precondition.none(), "v"));
        final byte[] image = sm.snapshot();
        final byte[] cut = java.util.Arrays.copyOf(image, image.length - 1);
        assertThrows(IllegalArgumentException.class, () -> new MetadataStateMachine().restore(cut));
    }
}
