package io.jrestate.log.segments;

/**
 * Records that were durable (below the durable-position marker) cannot be read back: the range is refused,
 * never skipped or truncated silently. Repair it from a peer or a snapshot (trim past it, or truncate below it).
 */
public final class CorruptLogException extends LogStoreException {
    private final transient CorruptRange range;

    /**
     * Creates the exception.
     *
     * @param range the refused range
     * @param detail what was found
     */
    public CorruptLogException(final CorruptRange range, final String detail) {
        super(range + ": " + detail);
        this.range = range;
    }

    /**
     * The refused range.
     *
     * @return log id, segment and LSNs
     */
    public CorruptRange range() {
        return range;
    }
}
