package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static io.jrestate.aeron.transport.internal.FrameFlyweight.ORDER;

/**
 * The body of {@code HELLO} and {@code HELLO_ACK} frames: who the sender is and where it can be reached.
 * Little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     node id (u32, >= 1)                       |  0
 *  +---------------------------------------------------------------+
 *  |                    generation (u32, >= 1)                     |  4
 *  +---------------------------------------------------------------+
 *  |                  cluster fingerprint (u64)                    |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  acked session id (i32): HELLO_ACK only, the Aeron session    |  16
 *  |  of the HELLO it answers; 0 in a HELLO                        |
 *  +-------------------------------+---------------+---------------+
 *  |   advertised port (u16)       | name len (u8) | host len (u8) |  20
 *  +-------------------------------+---------------+---------------+
 *  |  cluster name (UTF-8, 1..255 bytes) | advertised host (UTF-8, |  24
 *  |  1..255 bytes: an IP literal or a host name)                  |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The body must end exactly after the host: trailing bytes are rejected, so one identity has one encoding.
 *
 * @param identity the sender's cluster and generational node id
 * @param advertisedHost the host peers use to reach the sender
 * @param advertisedPort the UDP port peers use to reach the sender
 * @param ackedSessionId in a {@code HELLO_ACK}, the Aeron session id of the answered {@code HELLO}; else 0
 */
public record HelloCodec(NodeIdentity identity, String advertisedHost, int advertisedPort, int ackedSessionId) {
    /** Length of the fixed part. */
    public static final int FIXED_LENGTH = 24;
    /** Longest possible body. */
    public static final int LENGTH_MAX = FIXED_LENGTH + 255 + 255;

    private static final int NODE_ID_OFFSET = 0;
    private static final int GENERATION_OFFSET = 4;
    private static final int FINGERPRINT_OFFSET = 8;
    private static final int ACKED_SESSION_OFFSET = 16;
    private static final int PORT_OFFSET = 20;
    private static final int NAME_LENGTH_OFFSET = 22;
    private static final int HOST_LENGTH_OFFSET = 23;

    /**
     * Writes this body.
     *
     * @param buffer where to write
     * @param offset where the body starts
     * @return the body length
     */
    public int encode(final MutableDirectBuffer buffer, final int offset) {
        final byte[] name = identity.clusterName().getBytes(StandardCharsets.UTF_8);
        final byte[] host = advertisedHost.getBytes(StandardCharsets.UTF_8);
        if (host.length == 0 || host.length > 255 || advertisedPort < 1 || advertisedPort > 65535) {
            throw new IllegalArgumentException("advertised address " + advertisedHost + ":" + advertisedPort
                + " cannot be sent in a handshake (host 1..255 bytes, port 1..65535)");
        }
        buffer.putInt(offset + NODE_ID_OFFSET, identity.nodeId().id(), ORDER);
        buffer.putInt(offset + GENERATION_OFFSET, identity.nodeId().generation(), ORDER);
        buffer.putLong(offset + FINGERPRINT_OFFSET, identity.clusterFingerprint(), ORDER);
        buffer.putInt(offset + ACKED_SESSION_OFFSET, ackedSessionId, ORDER);
        buffer.putShort(offset + PORT_OFFSET, (short) advertisedPort, ORDER);
        buffer.putByte(offset + NAME_LENGTH_OFFSET, (byte) name.length);
        buffer.putByte(offset + HOST_LENGTH_OFFSET, (byte) host.length);
        buffer.putBytes(offset + FIXED_LENGTH, name);
        buffer.putBytes(offset + FIXED_LENGTH + name.length, host);
        return FIXED_LENGTH + name.length + host.length;
    }

    /**
     * Reads and checks a body.
     *
     * @param buffer the bytes
     * @param offset where the body starts
     * @param length the body length
     * @return the decoded body
     * @throws MalformedFrameException naming the bad field
     */
    public static HelloCodec decode(final DirectBuffer buffer, final int offset, final int length) {
        if (length < FIXED_LENGTH) {
            throw new MalformedFrameException("hello body of " + length + " bytes is shorter than 24");
        }
        final int nodeId = buffer.getInt(offset + NODE_ID_OFFSET, ORDER);
        final int generation = buffer.getInt(offset + GENERATION_OFFSET, ORDER);
        if (nodeId < 1 || generation < 1) {
            throw new MalformedFrameException("hello names node " + Integer.toUnsignedString(nodeId)
                + " generation " + Integer.toUnsignedString(generation) + "; both must be in [1, 2^31)");
        }
        final int port = buffer.getShort(offset + PORT_OFFSET, ORDER) & 0xFFFF;
        final int nameLength = buffer.getByte(offset + NAME_LENGTH_OFFSET) & 0xFF;
        final int hostLength = buffer.getByte(offset + HOST_LENGTH_OFFSET) & 0xFF;
        if (port == 0 || nameLength == 0 || hostLength == 0) {
            throw new MalformedFrameException("hello from N" + nodeId + " has port " + port + ", cluster name of "
                + nameLength + " bytes and host of " + hostLength + " bytes; none may be 0");
        }
        if (FIXED_LENGTH + nameLength + hostLength != length) {
            throw new MalformedFrameException("hello from N" + nodeId + " is " + length
                + " bytes but its fields add up to "
                + (FIXED_LENGTH + nameLength + hostLength));
        }
        final String name = utf8(buffer, offset + FIXED_LENGTH, nameLength, "cluster name");
        final String host = utf8(buffer, offset + FIXED_LENGTH + nameLength, hostLength, "advertised host");
        final NodeIdentity identity = new NodeIdentity(
            name, buffer.getLong(offset + FINGERPRINT_OFFSET, ORDER), new GenerationalNodeId(nodeId, generation));
        return new HelloCodec(identity, host, port, buffer.getInt(offset + ACKED_SESSION_OFFSET, ORDER));
    }

    static String utf8(final DirectBuffer buffer, final int offset, final int length, final String field) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
        } catch (final CharacterCodingException e) {
            throw new MalformedFrameException(field + " is not valid UTF-8");
        }
    }
}
