package io.jrestate.log.segments;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One log of a {@link LogStore}: 64-bit LSNs from 1, appended durably, read in LSN order, trimmed at the front,
 * truncated at the back. Thread-safe. Every mutation goes through the store's single writer in call order, so a
 * thread's appends get increasing LSNs, its acknowledgements come in order, and a trim, truncation or seal
 * applies after the appends called before it.
 *
 * <p>Durability contract: a returned future completes only after the record (or the metadata change) was
 * written and fsynced. Futures complete on the writer thread: attach heavy work with the {@code *Async} methods.
 * Readers see only durable records.
 */
public interface SegmentLog {
    /**
     * This log's id.
     *
     * @return the id
     */
    long logId();

    /**
     * Appends one record at the next LSN.
     *
     * @param payload the bytes (read when the writer takes the request; do not modify until the future completes)
     * @return the record's LSN once durable; fails with {@link LogSealedException}, {@link LogFencedException},
     *     {@link LogStorageFullException}, {@link CorruptLogException} or {@link LogClosedException}
     */
    CompletableFuture<Long> append(ByteBuffer payload);

    /**
     * Appends records at consecutive LSNs. They land in one segment, but a crash may keep a prefix of them.
     *
     * @param payloads the records, in order (not empty)
     * @return the LSN of the last record once all are durable
     */
    CompletableFuture<Long> appendBatch(List<ByteBuffer> payloads);

    /**
     * Appends one record at a given LSN, which must be above every LSN appended so far (gaps are allowed: a log
     * server stores only the records of its write sets; the Raft log appends at index = last + 1).
     *
     * @param lsn the LSN
     * @param payload the bytes
     * @return {@code lsn} once durable; fails with {@link IllegalArgumentException} when {@code lsn} is not above
     *     the last appended LSN
     */
    CompletableFuture<Long> appendAt(long lsn, ByteBuffer payload);

    /**
     * Reads durable records from {@code fromLsn} in LSN order. A start at or below the trim point is reported
     * through {@link RecordVisitor#onTrimGap} and reading continues after it.
     *
     * @param fromLsn first LSN wanted
     * @param maxRecords the most records to deliver
     * @param visitor receives them
     * @return the LSN to read from next (one past the last delivered record, or past the trim gap)
     * @throws CorruptLogException when a wanted record is damaged or lies in a refused range
     */
    long read(long fromLsn, int maxRecords, RecordVisitor visitor);

    /**
     * Completes once {@code lsn} is durable: the tailing primitive (no polling).
     *
     * @param lsn the LSN to wait for
     * @return a future completing when {@link #lastDurableLsn()} reaches {@code lsn}; fails when the store is
     *     fenced or closed
     */
    CompletableFuture<Void> awaitAppended(long lsn);

    /**
     * Trims every record up to {@code lsnInclusive} (clipped to the last durable LSN), durably; whole journal
     * segments are deleted once no log needs them.
     *
     * @param lsnInclusive the new trim point
     * @return completes when the trim point is durable
     */
    CompletableFuture<Void> trimPrefix(long lsnInclusive);

    /**
     * Drops every record above {@code lsn}, durably; the next {@link #append} gets {@code lsn + 1}.
     * No effect when {@code lsn} is at or above the last LSN.
     *
     * @param lsn the last LSN kept, at or above the trim point
     * @return completes when the truncation is durable
     */
    CompletableFuture<Void> truncateAfter(long lsn);

    /**
     * Seals the log durably: every later append fails with {@link LogSealedException}.
     *
     * @return completes when the seal is durable (appends called before it are durable too)
     */
    CompletableFuture<Void> seal();

    /**
     * Durably records the sequencer (or epoch) this log is bound to; the caller checks it on every store.
     *
     * @param sequencer an opaque non-zero value, for example a generational node id
     * @return completes when durable
     */
    CompletableFuture<Void> bindSequencer(long sequencer);

    /**
     * The durable metadata and positions.
     *
     * @return a consistent snapshot
     */
    LogMetadata metadata();

    /**
     * The first LSN that may be read: the trim point plus one.
     *
     * @return the first LSN
     */
    long firstLsn();

    /**
     * The highest durable LSN, or the trim point when the log holds no records (0 for a new log).
     *
     * @return the LSN
     */
    long lastDurableLsn();

    /**
     * Ranges refused because recovery found them damaged.
     *
     * @return the ranges, empty for a healthy log
     */
    List<CorruptRange> corruptRanges();
}
