package io.jrestate.aeron.transport.internal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Puts the fragments of one long message back together, for one inbound session (one Aeron image).
 *
 * <p>Fragments of a message arrive in order, since a sender holds its link while it sends them and an Aeron image
 * is ordered and reliable. What can still happen is a sender that gave up halfway (its queue timed out) and then
 * started another long message; a fragment at offset 0 therefore abandons any partial message. Every other
 * inconsistency is malformed input. Memory grows with the bytes actually received, never with the length a
 * fragment claims, so a lying peer cannot make this node allocate {@code messageLengthMax} bytes with one frame.
 *
 * <table>
 *   <caption>Decision table for a fragment</caption>
 *   <tr><th>fragment offset</th><th>partial message</th><th>action</th></tr>
 *   <tr><td>0</td><td>none</td><td>start a message</td></tr>
 *   <tr><td>0</td><td>some</td><td>abandon it (counted), start a message</td></tr>
 *   <tr><td>&gt; 0, equal to bytes received, same kind/type/correlation/total</td><td>some</td>
 *       <td>append</td></tr>
 *   <tr><td>&gt; 0, anything else</td><td>any</td><td>reset, reject as malformed</td></tr>
 * </table>
 * After an append that reaches the total length, the message is complete.
 */
public final class Reassembler {
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private ExpandableArrayBuffer buffer;
    private boolean inProgress;
    private byte kind;
    private int messageType;
    private long correlationId;
    private int totalLength;
    private int receivedLength;
    private long abandonedCount;

    /**
     * Takes one validated fragment.
     *
     * @param frame a fragment frame that passed {@link FrameFlyweight#wrapAndValidate}
     * @return true when this fragment completed the message: read it through {@link #buffer()} and
     *     {@link #length()} before the next call
     * @throws MalformedFrameException when the fragment does not continue the partial message
     */
    public boolean onFragment(final FrameFlyweight frame) {
        final int fragmentOffset = frame.fragmentOffset();
        if (fragmentOffset == 0) {
            if (inProgress) {
                abandonedCount++;
            }
            start(frame);
        } else if (!continues(frame, fragmentOffset)) {
            final String partial = inProgress ? "a partial message at " + receivedLength + " of " + totalLength
                : "no partial message";
            reset();
            throw new MalformedFrameException("fragment at offset " + fragmentOffset + " of " + frame.kindName()
                + " " + frame.correlationId() + " does not continue " + partial);
        }
        final int length = frame.bodyLength();
        buffer.putBytes(receivedLength, frame.buffer(), frame.bodyOffset(), length);
        receivedLength += length;
        if (receivedLength == totalLength) {
            inProgress = false;
            return true;
        }
        return false;
    }

    private void start(final FrameFlyweight frame) {
        if (buffer == null) {
            buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
        }
        inProgress = true;
        kind = frame.kind();
        messageType = frame.messageType();
        correlationId = frame.correlationId();
        totalLength = frame.totalLength();
        receivedLength = 0;
    }

    private boolean continues(final FrameFlyweight frame, final int fragmentOffset) {
        return inProgress && fragmentOffset == receivedLength && frame.kind() == kind
            && frame.messageType() == messageType && frame.correlationId() == correlationId
            && frame.totalLength() == totalLength;
    }

    /** Drops any partial message, for example when the session's image goes away. */
    public void reset() {
        inProgress = false;
        receivedLength = 0;
    }

    /**
     * The completed message's body, valid until the next fragment.
     *
     * @return the buffer, starting at index 0
     */
    public DirectBuffer buffer() {
        return buffer;
    }

    /**
     * The completed message's body length.
     *
     * @return the length
     */
    public int length() {
        return receivedLength;
    }

    /**
     * How many partial messages were abandoned by a new message starting.
     *
     * @return the count
     */
    public long abandonedCount() {
        return abandonedCount;
    }

    /**
     * Whether a message is partly received.
     *
     * @return true while fragments are missing
     */
    public boolean inProgress() {
        return inProgress;
    }
}
