package io.jrestate.log.server.internal;

import io.jrestate.log.server.DigestReply;
import io.jrestate.log.server.LogletRecord;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.wire.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GetRecords} and {@code GetDigest} over a loglet's durable records (log-segments shows readers only
 * durable records). Offsets at or below the loglet's trim point are reported as a trim gap (or a trimmed run).
 */
final class LogletReads {
    private static final int READ_CHUNK_RECORDS = 256;

    private final LogServerOptions options;

    LogletReads(final LogServerOptions options) {
        this.options = options;
    }

    RecordsReply records(final Loglet loglet, final Request.GetRecords get) {
        final List<LogletRecord> records = new ArrayList<>();
        long from = get.fromOffset();
        if (from <= loglet.meta.trimPoint) {
            final long gapEnd = Math.min(loglet.meta.trimPoint, get.toOffset());
            records.add(new LogletRecord.TrimGap(from, gapEnd));
            from = gapEnd + 1;
        }
        final long budget = Math.min(Math.max(get.budgetBytes(), 1), options.readBudgetBytesMax());
        final long[] used = {0};
        final long[] next = {from};
        final boolean[] full = {false};
        final long end = Math.min(get.toOffset(), loglet.log.lastDurableLsn());
        while (next[0] <= end && !full[0]) {
            final long before = next[0];
            final long after = loglet.log.read(before, READ_CHUNK_RECORDS, (lsn, payload) -> {
                if (lsn > end) {
                    return false;
                }
                if (used[0] > 0 && used[0] + payload.remaining() > budget) {
                    full[0] = true;
                    return false;
                }
                final byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                records.add(new LogletRecord.Data(lsn, bytes));
                used[0] += bytes.length;
                next[0] = lsn + 1;
                return true;
            });
            if (!full[0]) {
                next[0] = Math.max(next[0], Math.min(after, end + 1));
            }
            if (next[0] <= before) {
                break;
            }
        }
        final long nextOffset = full[0] ? next[0] : Math.max(from, Math.min(get.toOffset() + 1,
            loglet.localTail()));
        return new RecordsReply(tail(loglet), nextOffset, records);
    }

    DigestReply digest(final Loglet loglet, final Request.GetDigest get) {
        final List<DigestReply.Run> runs = new ArrayList<>();
        long from = get.fromOffset();
        if (from <= loglet.meta.trimPoint) {
            final long end = Math.min(loglet.meta.trimPoint, get.toOffset());
            runs.add(new DigestReply.Run(from, end, DigestReply.RunStatus.TRIMMED));
            from = end + 1;
        }
        final long end = Math.min(get.toOffset(), loglet.log.lastDurableLsn());
        final long[] run = {-1, -1};
        long next = from;
        while (next <= end && runs.size() < options.digestRunsMax()) {
            final long before = next;
            final long after = loglet.log.read(before, READ_CHUNK_RECORDS, (lsn, payload) -> {
                if (lsn > end) {
                    return false;
                }
                if (run[0] >= 0 && lsn == run[1] + 1) {
                    run[1] = lsn;
                } else {
                    if (run[0] >= 0) {
                        runs.add(new DigestReply.Run(run[0], run[1], DigestReply.RunStatus.EXISTS));
                    }
                    run[0] = lsn;
                    run[1] = lsn;
                }
                return runs.size() < options.digestRunsMax();
            });
            if (after <= before) {
                break;
            }
            next = after;
        }
        if (run[0] >= 0 && runs.size() < options.digestRunsMax()) {
            runs.add(new DigestReply.Run(run[0], run[1], DigestReply.RunStatus.EXISTS));
        }
        return new DigestReply(tail(loglet), runs);
    }

    private static TailState tail(final Loglet loglet) {
        return new TailState(LogletStatus.OK, loglet.localTail(), loglet.meta.globalTail, loglet.meta.sealed);
    }
}
