package io.jrestate.log.server;

import java.util.List;

/**
 * The answer to {@code GetRecords}.
 *
 * @param tail status and tails
 * @param nextOffset where the reader continues
 * @param records the records and trim gaps, in offset order
 */
public record RecordsReply(TailState tail, long nextOffset, List<LogletRecord> records) {
    /**
     * Copies the list.
     *
     * @param tail status and tails
     * @param nextOffset where the reader continues
     * @param records the records and gaps
     */
    public RecordsReply {
        records = List.copyOf(records);
    }
}
