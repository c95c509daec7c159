package io.jrestate.log.server;

/**
 * One entry of a {@code Records} answer: a stored record, or a range that was trimmed.
 */
public sealed interface LogletRecord {
    /**
     * A stored record.
     *
     * @param offset its loglet offset
     * @param payload its bytes
     */
    record Data(long offset, byte[] payload) implements LogletRecord {
    }

    /**
     * Offsets {@code fromOffset..toOffset} (inclusive) were trimmed.
     *
     * @param fromOffset the first trimmed offset asked for
     * @param toOffset the trim point
     */
    record TrimGap(long fromOffset, long toOffset) implements LogletRecord {
    }
}
