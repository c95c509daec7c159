package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;
import java.nio.ByteBuffer;

/**
 * A single-server membership change (Raft thesis §4.1): add one learner, add or promote one voter, or remove one
 * member. Only one change may be in flight at a time, which is what makes single-server changes safe.
 *
 * <p>Encoded in a {@link EntryType#CONF_CHANGE} entry as 9 bytes:
 * <pre>
 *   0        1                                                       9
 *   +--------+-------------------------------------------------------+
 *   | kind   | node id (int64, big-endian)                           |
 *   +--------+-------------------------------------------------------+
 *   kind: 1 = add voter (or promote learner), 2 = add learner, 3 = remove
 * </pre>
 *
 * @param kind what changes
 * @param nodeId the member concerned, at least 1
 */
public record ConfChange(Kind kind, long nodeId) {
    private static final int ENCODED_LENGTH_BYTES = 9;

    /** The kinds of change. */
    public enum Kind {
        /** Adds a voter, or promotes a learner to voter. */
        ADD_VOTER,
        /** Adds a non-voting learner that receives the log and catches up. */
        ADD_LEARNER,
        /** Removes a voter or learner. */
        REMOVE
    }

    /** Checks the fields. */
    public ConfChange {
        Verify.argument(kind != null, "conf change kind must not be null");
        Verify.argument(nodeId >= 1, "conf change node id must be >= 1, was " + nodeId);
    }

    /**
     * Encodes the change as the payload of a conf-change entry.
     *
     * @return the 9-byte encoding drawn in the class javadoc
     */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH_BYTES).put((byte) (kind.ordinal() + 1)).putLong(nodeId).array();
    }

    /**
     * Decodes a conf-change entry payload.
     *
     * @param data the payload
     * @return the change
     * @throws IllegalArgumentException when the payload has the wrong length or an unknown kind
     */
    public static ConfChange decode(final byte[] data) {
        Verify.argument(data.length == ENCODED_LENGTH_BYTES,
            "conf change payload must be " + ENCODED_LENGTH_BYTES + " bytes, was " + data.length);
        final ByteBuffer buffer = ByteBuffer.wrap(data);
        final int kindCode = buffer.get();
        Verify.argument(kindCode >= 1 && kindCode <= Kind.values().length, "unknown conf change kind " + kindCode);
        return new ConfChange(Kind.values()[kindCode - 1], buffer.getLong());
    }
}
