package io.jrestate.log.segments;

import io.jrestate.log.segments.internal.JournalStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many logs in one directory, written through one shared, segmented, checksummed journal so that one fsync
 * commits the appends of every log at once (group commit across logs).
 *
 * <pre>
 *  appenders (any thread) --&gt; bounded queue --&gt; writer: encode batch, pwrite, fdatasync --&gt; complete futures
 *                                                       |
 *  readers (any thread) &lt;-- read-only mappings of journal segments  (only durable records are visible)
 * </pre>
 *
 * <p>Directory layout: {@code store.id} (storage marker), {@code logs.meta.a}/{@code .b} (per-log metadata, two
 * copies), {@code journal/NNNNNNNNNNNNNNNNNNNN.seg} (segments) and {@code journal/*.spare} (preallocated spares).
 * See the module's OVERVIEW.md for formats, recovery and the durability contract.
 */
public interface LogStore extends AutoCloseable {
    /**
     * Opens a store, creating it when the directory holds none, and recovers it.
     *
     * @param dir the store directory
     * @param options the tuning and the storage to use
     * @return the open store
     * @throws IOException when the files cannot be read or recovery cannot persist its repairs
     * @throws LogStoreException when the directory holds another format, a foreign store or damaged metadata
     */
    static LogStore open(final Path dir, final LogStoreOptions options) throws IOException {
        return JournalStore.open(dir, options);
    }

    /**
     * The log with this id, created (in memory) on first use; it becomes durable with its first record.
     *
     * @param logId any long
     * @return the log
     */
    SegmentLog log(long logId);

    /**
     * Ids of the logs that hold records or metadata.
     *
     * @return the ids, ascending
     */
    List<Long> logIds();

    /**
     * The random id written when the store was created: a changed id means the disk was wiped or replaced.
     *
     * @return the storage marker id
     */
    long storeId();

    /**
     * Every range recovery refused, over all logs.
     *
     * @return the ranges
     */
    List<CorruptRange> corruptRanges();

    /**
     * Takes a consistent cut for an online backup (see {@link StoreCut}): the writer commits every request queued
     * before this one, captures the cut, completes the future, and then holds every later append until
     * {@link StoreCut#release()} or until {@code maxHold} passed. Appenders keep queueing meanwhile (and block once
     * the queue is full). With {@link LogStoreOptions.Threading#INVOKER} nothing is held: the cut is captured
     * when {@link #doWork()} reaches it, and nothing is appended until the caller runs the writer again.
     *
     * @param maxHold the longest the writer holds appends when nobody releases the cut
     * @return the cut, completed on the writer thread
     */
    CompletableFuture<StoreCut> holdForBackup(Duration maxHold);

    /**
     * Runs one writer cycle when the store was opened with {@link LogStoreOptions.Threading#INVOKER}
     * (deterministic tests and simulations): takes queued requests, writes, fsyncs, completes futures.
     *
     * @return the number of requests handled
     * @throws IllegalStateException in {@link LogStoreOptions.Threading#DEDICATED} mode
     */
    int doWork();

    /**
     * Writes what is queued, marks the durable position, and closes every file. Idempotent.
     */
    @Override
    void close();
}
