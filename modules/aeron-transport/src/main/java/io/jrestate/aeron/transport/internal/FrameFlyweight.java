package io.jrestate.aeron.transport.internal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The header of every frame the transport sends, as a flyweight over an Agrona buffer. One frame is one Aeron
 * message (Aeron adds its own 32-byte data header and splits messages longer than the MTU into several UDP
 * datagrams). Fields are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        magic 0x526A ("jR")    |  version = 1  |     kind      |  0
 *  +-------------------------------+---------------+---------------+
 *  |         message type          |             flags             |  4
 *  +-------------------------------+-------------------------------+
 *  |                    correlation id (i64)                       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  total length (u32)        only when flags has FRAGMENT       |  16
 *  +---------------------------------------------------------------+
 *  |  fragment offset (u32)     only when flags has FRAGMENT       |  20
 *  +---------------------------------------------------------------+
 *  |  body ...                                                     |  16, or 24 with FRAGMENT
 * </pre>
 *
 * <ul>
 *   <li><b>kind</b>: {@link #HELLO}, {@link #HELLO_ACK}, {@link #REJECT} (control, never fragmented, type and
 *       correlation id 0) and {@link #MESSAGE}, {@link #REQUEST}, {@link #RESPONSE}, {@link #ERROR} (data).</li>
 *   <li><b>message type</b>: the application's type of a data frame, 0 to 65,535.</li>
 *   <li><b>flags</b>: bit 0 {@link #FLAG_FRAGMENT}; every other bit must be 0.</li>
 *   <li><b>correlation id</b>: pairs a {@code REQUEST} with its {@code RESPONSE} or {@code ERROR}; 0 otherwise.</li>
 *   <li><b>fragment</b>: a message longer than one Aeron message is cut into fragments carrying the same kind,
 *       type and correlation id, the message's total length and the offset of this fragment's body in it.
 *       Fragments of one message are sent in order with nothing else of the fragment kind between them.</li>
 * </ul>
 *
 * <p>A new version changes {@link #VERSION}; a receiver rejects versions it does not know.
 */
public final class FrameFlyweight {
    /** Byte order of every field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** The two bytes every frame starts with. */
    public static final short MAGIC = 0x526A;
    /** The only layout version so far. */
    public static final byte VERSION = 1;
    /** Length of the header without the fragment fields. */
    public static final int HEADER_LENGTH = 16;
    /** Length of the header with the fragment fields. */
    public static final int FRAGMENT_HEADER_LENGTH = 24;
    /** Flag: the frame is one fragment of a longer message. */
    public static final int FLAG_FRAGMENT = 1;

    /** Handshake: the sender's identity and address. */
    public static final byte HELLO = 1;
    /** Handshake answer: the answerer's identity plus the Aeron session it accepted. */
    public static final byte HELLO_ACK = 2;
    /** Handshake refusal: an error body saying why. */
    public static final byte REJECT = 3;
    /** A one-way message. */
    public static final byte MESSAGE = 4;
    /** A request that expects a {@link #RESPONSE} or {@link #ERROR} with the same correlation id. */
    public static final byte REQUEST = 5;
    /** The answer to a request. */
    public static final byte RESPONSE = 6;
    /** A failed request: an error body. */
    public static final byte ERROR = 7;

    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 2;
    private static final int KIND_OFFSET = 3;
    private static final int TYPE_OFFSET = 4;
    private static final int FLAGS_OFFSET = 6;
    private static final int CORRELATION_OFFSET = 8;
    private static final int TOTAL_LENGTH_OFFSET = 16;
    private static final int FRAGMENT_OFFSET_OFFSET = 20;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Writes a header without fragment fields.
     *
     * @param buffer where to write
     * @param offset where the frame starts
     * @param kind the frame kind
     * @param messageType the message type
     * @param correlationId the correlation id
     * @return {@link #HEADER_LENGTH}
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final byte kind,
        final int messageType, final long correlationId) {
        // Bytes 0-7 as one little-endian long (magic, version, kind, type, flags 0): two bounds checks, not six.
        final long first = (MAGIC & 0xFFFFL) << (MAGIC_OFFSET * 8) | (VERSION & 0xFFL) << (VERSION_OFFSET * 8)
            | (kind & 0xFFL) << (KIND_OFFSET * 8) | (messageType & 0xFFFFL) << (TYPE_OFFSET * 8);
        buffer.putLong(offset, first, ORDER);
        buffer.putLong(offset + CORRELATION_OFFSET, correlationId, ORDER);
        return HEADER_LENGTH;
    }

    /**
     * Writes a header with fragment fields.
     *
     * @param buffer where to write
     * @param offset where the frame starts
     * @param kind the frame kind (a data kind)
     * @param messageType the message type
     * @param correlationId the correlation id
     * @param totalLength the whole message's body length
     * @param fragmentOffset where this fragment's body starts in the message body
     * @return {@link #FRAGMENT_HEADER_LENGTH}
     */
    public static int encodeFragment(final MutableDirectBuffer buffer, final int offset, final byte kind,
        final int messageType, final long correlationId, final int totalLength, final int fragmentOffset) {
        encode(buffer, offset, kind, messageType, correlationId);
        buffer.putShort(offset + FLAGS_OFFSET, (short) FLAG_FRAGMENT, ORDER);
        buffer.putInt(offset + TOTAL_LENGTH_OFFSET, totalLength, ORDER);
        buffer.putInt(offset + FRAGMENT_OFFSET_OFFSET, fragmentOffset, ORDER);
        return FRAGMENT_HEADER_LENGTH;
    }

    /**
     * Points this flyweight at a received frame and checks every header field.
     *
     * @param buffer the received bytes
     * @param offset where the frame starts
     * @param length the frame length as Aeron delivered it
     * @param messageLengthMax the largest message body this node accepts
     * @return this flyweight
     * @throws MalformedFrameException naming the bad field
     */
    public FrameFlyweight wrapAndValidate(final DirectBuffer buffer, final int offset, final int length,
        final int messageLengthMax) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < HEADER_LENGTH) {
            throw new MalformedFrameException("frame of " + length + " bytes is shorter than the 16-byte header");
        }
        if (buffer.getShort(offset + MAGIC_OFFSET, ORDER) != MAGIC) {
            throw new MalformedFrameException("bad magic 0x" + Integer.toHexString(
                buffer.getShort(offset + MAGIC_OFFSET, ORDER) & 0xFFFF) + ", expected 0x526a");
        }
        if (buffer.getByte(offset + VERSION_OFFSET) != VERSION) {
            throw new MalformedFrameException("unsupported frame version " + buffer.getByte(offset + VERSION_OFFSET));
        }
        final byte kind = kind();
        if (kind < HELLO || kind > ERROR) {
            throw new MalformedFrameException("unknown frame kind " + kind);
        }
        final int flags = flags();
        if ((flags & ~FLAG_FRAGMENT) != 0) {
            throw new MalformedFrameException("unknown flags 0x" + Integer.toHexString(flags) + " in " + kindName());
        }
        if (kind <= REJECT) {
            validateControl(flags);
        } else if (isFragment()) {
            validateFragment(messageLengthMax);
        } else if (length - HEADER_LENGTH > messageLengthMax) {
            throw new MalformedFrameException(kindName() + " body of " + (length - HEADER_LENGTH)
                + " bytes exceeds the maximum " + messageLengthMax);
        }
        return this;
    }

    private void validateControl(final int flags) {
        if (flags != 0 || messageType() != 0 || correlationId() != 0) {
            throw new MalformedFrameException(kindName() + " must have no flags, type 0 and correlation id 0");
        }
    }

    private void validateFragment(final int messageLengthMax) {
        if (length < FRAGMENT_HEADER_LENGTH) {
            throw new MalformedFrameException("fragment of " + length + " bytes is shorter than its 24-byte header");
        }
        final long total = totalLength() & 0xFFFF_FFFFL;
        final long fragmentOffset = fragmentOffset() & 0xFFFF_FFFFL;
        final int bodyLength = bodyLength();
        if (total > messageLengthMax) {
            throw new MalformedFrameException("fragmented " + kindName() + " total length " + total
                + " exceeds the maximum " + messageLengthMax);
        }
        if (bodyLength == 0 || fragmentOffset + bodyLength > total) {
            throw new MalformedFrameException("fragment at offset " + fragmentOffset + " with " + bodyLength
                + " bytes does not fit in a message of " + total + " bytes");
        }
    }

    /**
     * The frame kind.
     *
     * @return one of the kind constants
     */
    public byte kind() {
        return buffer.getByte(offset + KIND_OFFSET);
    }

    /**
     * The application message type.
     *
     * @return 0 to 65,535
     */
    public int messageType() {
        return buffer.getShort(offset + TYPE_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * The flags.
     *
     * @return the flag bits
     */
    public int flags() {
        return buffer.getShort(offset + FLAGS_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Whether the frame is one fragment of a longer message.
     *
     * @return true for a fragment
     */
    public boolean isFragment() {
        return (flags() & FLAG_FRAGMENT) != 0;
    }

    /**
     * The correlation id.
     *
     * @return the id
     */
    public long correlationId() {
        return buffer.getLong(offset + CORRELATION_OFFSET, ORDER);
    }

    /**
     * The whole message's body length; only for fragments.
     *
     * @return the length
     */
    public int totalLength() {
        return buffer.getInt(offset + TOTAL_LENGTH_OFFSET, ORDER);
    }

    /**
     * Where this fragment's body starts in the message body; only for fragments.
     *
     * @return the offset
     */
    public int fragmentOffset() {
        return buffer.getInt(offset + FRAGMENT_OFFSET_OFFSET, ORDER);
    }

    /**
     * Where the body starts in the buffer.
     *
     * @return the buffer index
     */
    public int bodyOffset() {
        return offset + (isFragment() ? FRAGMENT_HEADER_LENGTH : HEADER_LENGTH);
    }

    /**
     * The body length of this frame.
     *
     * @return the length
     */
    public int bodyLength() {
        return length - (isFragment() ? FRAGMENT_HEADER_LENGTH : HEADER_LENGTH);
    }

    /**
     * The wrapped buffer.
     *
     * @return the buffer
     */
    public DirectBuffer buffer() {
        return buffer;
    }

    /**
     * A readable name of this frame's kind.
     *
     * @return for example {@code REQUEST}
     */
    public String kindName() {
        return kindName(kind());
    }

    /**
     * A readable name of a frame kind.
     *
     * @param kind the kind
     * @return for example {@code REQUEST}
     */
    public static String kindName(final byte kind) {
        return switch (kind) {
            case HELLO -> "HELLO";
            case HELLO_ACK -> "HELLO_ACK";
            case REJECT -> "REJECT";
            case MESSAGE -> "MESSAGE";
            case REQUEST -> "REQUEST";
            case RESPONSE -> "RESPONSE";
            case ERROR -> "ERROR";
            default -> "kind " + kind;
        };
    }
}
