package io.jrestate.log.segments;

import io.jrestate.common.Verify;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Tuning of a {@link LogStore}. Immutable; build with {@link #builder()}.
 *
 * @param io the storage
 * @param segmentBytes length of each preallocated journal segment
 * @param recordBytesMax the largest payload accepted; one record of this size must fit in a segment
 *     ({@link #recordBytesMaxFor(long)})
 * @param batchRecordsMax the most requests one group commit takes
 * @param batchBytesMax the most payload bytes one group commit takes (one request may exceed it)
 * @param batchDelayNs how long the writer waits for more requests before committing (0: commit at once; the
 *     requests that arrive during an fsync form the next batch anyway)
 * @param queueCapacity requests waiting for the writer; appenders block (or fail in INVOKER mode) beyond it
 * @param indexIntervalRecords one sparse index entry per this many records of a log
 * @param markerIdleNs after this long without commits the writer fsyncs the durable-position marker
 * @param spareSegments preallocated spare segments kept ready by a background thread (DEDICATED mode)
 * @param threading who runs the writer
 * @param inlineCommit in DEDICATED mode, let an appending thread commit the queue itself when no commit is running
 *     (saves two thread hand-offs per append when appends are not concurrent; the caller then blocks in
 *     {@code append} for the fsync, so keep it off for event-loop threads)
 * @param nanoClock time source for the idle marker and batch delay
 * @param random source of segment salts and the store id
 */
public record LogStoreOptions(StorageIo io, long segmentBytes, int recordBytesMax, int batchRecordsMax,
                              long batchBytesMax, long batchDelayNs, int queueCapacity, int indexIntervalRecords,
                              long markerIdleNs, int spareSegments, Threading threading, boolean inlineCommit,
                              LongSupplier nanoClock, RandomGenerator random) {
    /** Who runs the writer. */
    public enum Threading {
        /** A dedicated writer thread (and a preallocation thread) owned by the store. */
        DEDICATED,
        /** The caller runs {@link LogStore#doWork()}; no threads (simulation, deterministic tests). */
        INVOKER
    }

    /** Validates the combination. */
    public LogStoreOptions {
        Verify.argument(io != null, "io must be set");
        Verify.argument(segmentBytes >= 64 * 1024 && segmentBytes <= (1L << 30) && segmentBytes % 4096 == 0,
            "segmentBytes must be a multiple of 4096 in [64 KiB, 1 GiB], got " + segmentBytes);
        Verify.argument(recordBytesMax > 0 && recordBytesMax <= recordBytesMaxFor(segmentBytes),
            "recordBytesMax " + recordBytesMax + " must be in [1, " + recordBytesMaxFor(segmentBytes)
                + "] so one record fits in a segment of " + segmentBytes + " bytes (raise segmentBytes)");
        Verify.argument(batchRecordsMax > 0, "batchRecordsMax must be positive, got " + batchRecordsMax);
        Verify.argument(batchBytesMax > 0, "batchBytesMax must be positive, got " + batchBytesMax);
        Verify.argument(batchDelayNs >= 0, "batchDelayNs must not be negative, got " + batchDelayNs);
        Verify.argument(queueCapacity > 0, "queueCapacity must be positive, got " + queueCapacity);
        Verify.argument(indexIntervalRecords > 0, "indexIntervalRecords must be positive");
        Verify.argument(markerIdleNs > 0, "markerIdleNs must be positive");
        Verify.argument(spareSegments >= 0 && spareSegments <= 8, "spareSegments must be in [0, 8]");
        Verify.argument(threading != null && nanoClock != null && random != null,
            "threading, nanoClock and random must be set");
    }

    /** The default record limit, Restate's {@code bifrost.record-size-limit} default (32 MiB). */
    public static final int DEFAULT_RECORD_BYTES_MAX = 32 << 20;

    /**
     * The largest payload one record may carry in segments of the given length: the segment minus its 4 KiB
     * header page and one record header, rounded down to the record alignment.
     *
     * @param segmentBytes segment length
     * @return the largest payload that fits, in bytes (at most {@code Integer.MAX_VALUE - 64})
     */
    public static int recordBytesMaxFor(final long segmentBytes) {
        final long fits = (segmentBytes - 4096 - 24) & -8L;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 64, fits));
    }

    /**
     * A builder with the production defaults: the real file system, 64 MiB segments, 32 MiB records (or the
     * largest that fits when the segments are set smaller and the record limit is not set), batches of
     * up to 1024 requests or 4 MiB, no batch delay, a 4096-request queue, an index entry per 32 records, a 2 ms
     * idle marker, one spare segment, a dedicated writer thread, no inline commits.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link LogStoreOptions}. */
    public static final class Builder {
        private StorageIo io = StorageIo.fileSystem();
        private long segmentBytes = 64L << 20;
        private int recordBytesMax;
        private int batchRecordsMax = 1024;
        private long batchBytesMax = 4L << 20;
        private long batchDelayNs;
        private int queueCapacity = 4096;
        private int indexIntervalRecords = 32;
        private long markerIdleNs = 2_000_000L;
        private int spareSegments = 1;
        private Threading threading = Threading.DEDICATED;
        private boolean inlineCommit;
        private LongSupplier nanoClock = System::nanoTime;
        private RandomGenerator random = new SplittableRandom();

        private Builder() {
        }

        /**
         * Sets the storage.
         *
         * @param value the storage
         * @return this
         */
        public Builder io(final StorageIo value) {
            io = value;
            return this;
        }

        /**
         * Sets the segment length. Unless {@link #recordBytesMax(int)} is set, the record limit is the default
         * or, for small segments, the largest record that fits.
         *
         * @param value bytes
         * @return this
         */
        public Builder segmentBytes(final long value) {
            segmentBytes = value;
            return this;
        }

        /**
         * Sets the payload limit (0: the default); build fails when one record of it does not fit a segment.
         *
         * @param value bytes
         * @return this
         */
        public Builder recordBytesMax(final int value) {
            recordBytesMax = value;
            return this;
        }

        /**
         * Sets the batch limits.
         *
         * @param records most requests per commit
         * @param bytes most payload bytes per commit
         * @param delayNs wait for more requests
         * @return this
         */
        public Builder batch(final int records, final long bytes, final long delayNs) {
            batchRecordsMax = records;
            batchBytesMax = bytes;
            batchDelayNs = delayNs;
            return this;
        }

        /**
         * Sets the queue capacity.
         *
         * @param value requests
         * @return this
         */
        public Builder queueCapacity(final int value) {
            queueCapacity = value;
            return this;
        }

        /**
         * Sets the sparse index interval.
         *
         * @param value records per entry
         * @return this
         */
        public Builder indexIntervalRecords(final int value) {
            indexIntervalRecords = value;
            return this;
        }

        /**
         * Sets the idle marker delay.
         *
         * @param value nanoseconds
         * @return this
         */
        public Builder markerIdleNs(final long value) {
            markerIdleNs = value;
            return this;
        }

        /**
         * Sets the number of spare segments.
         *
         * @param value count
         * @return this
         */
        public Builder spareSegments(final int value) {
            spareSegments = value;
            return this;
        }

        /**
         * Sets the threading mode.
         *
         * @param value mode
         * @return this
         */
        public Builder threading(final Threading value) {
            threading = value;
            return this;
        }

        /**
         * Lets appending threads commit inline when no commit is running.
         *
         * @param value true to enable
         * @return this
         */
        public Builder inlineCommit(final boolean value) {
            inlineCommit = value;
            return this;
        }

        /**
         * Sets the clock.
         *
         * @param value nanosecond clock
         * @return this
         */
        public Builder nanoClock(final LongSupplier value) {
            nanoClock = value;
            return this;
        }

        /**
         * Sets the random source (seed it in tests).
         *
         * @param value the generator
         * @return this
         */
        public Builder random(final RandomGenerator value) {
            random = value;
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the options
         */
        public LogStoreOptions build() {
            final int records = recordBytesMax != 0 ? recordBytesMax
                : Math.min(DEFAULT_RECORD_BYTES_MAX, recordBytesMaxFor(segmentBytes));
            return new LogStoreOptions(io, segmentBytes, records, batchRecordsMax, batchBytesMax, batchDelayNs,
                queueCapacity, indexIntervalRecords, markerIdleNs, spareSegments, threading, inlineCommit, nanoClock,
                random);
        }
    }
}
