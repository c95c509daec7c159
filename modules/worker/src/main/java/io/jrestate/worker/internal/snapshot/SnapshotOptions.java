package io.jrestate.worker.internal.snapshot;

import io.jrestate.common.Verify;
import java.time.Duration;

/**
 * When partition snapshots are taken and how the log is trimmed behind them ({@code [worker.snapshots]} and
 * {@code [worker] trim-delay-interval}).
 *
 * @param intervalRecords take a snapshot after this many applied records; 0: no record trigger
 * @param interval take a snapshot when this long passed since the last one; {@link Duration#ZERO}: no time
 *     trigger (when both triggers are set, both must hold, as in Restate)
 * @param numRetained snapshots kept per partition (at least 1)
 * @param trimDelay how long after a snapshot the log below the oldest retained snapshot is trimmed
 * @param onShutdown whether a clean shutdown takes a snapshot of every partition
 * @param autoTrim whether the log is trimmed after snapshots ({@code [worker] durability-mode = "none"} turns it
 *     off; an on-demand snapshot with trim still trims)
 */
public record SnapshotOptions(long intervalRecords, Duration interval, int numRetained, Duration trimDelay,
        boolean onShutdown, boolean autoTrim) {
    /** Validates the options. */
    public SnapshotOptions {
        Verify.argument(intervalRecords >= 0, "worker.snapshots.snapshot-interval-num-records must be >= 1, got "
                + intervalRecords);
        Verify.argument(!interval.isNegative(), "worker.snapshots.snapshot-interval must not be negative, got "
                + interval);
        Verify.argument(numRetained >= 1, "worker.snapshots.num-retained must be >= 1, got " + numRetained);
        Verify.argument(!trimDelay.isNegative(), "worker.trim-delay-interval must not be negative, got "
                + trimDelay);
    }

    /**
     * The 1.7.12 defaults: no periodic trigger, one retained snapshot, trim 10 minutes after a snapshot, a
     * snapshot on clean shutdown, automatic trimming.
     *
     * @return the defaults
     */
    public static SnapshotOptions defaults() {
        return new SnapshotOptions(0, Duration.ZERO, 1, Duration.ofMinutes(10), true, true);
    }

    /**
     * Whether any periodic trigger is set.
     *
     * @return true when snapshots are taken while running
     */
    public boolean periodic() {
        return intervalRecords > 0 || interval.isPositive();
    }

    /**
     * Whether a snapshot is due.
     *
     * @param recordsSinceLast records applied since the last snapshot
     * @param msSinceLast time since the last snapshot (or since start)
     * @return true when every set trigger holds and something was applied
     */
    public boolean due(final long recordsSinceLast, final long msSinceLast) {
        return periodic() && recordsSinceLast > 0 && (intervalRecords == 0 || recordsSinceLast >= intervalRecords)
                && (!interval.isPositive() || msSinceLast >= interval.toMillis());
    }
}
