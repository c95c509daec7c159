package io.jrestate.perf.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one connection observed inside the measured window: latencies of successful (2xx) responses, responses by
 * other status, I/O errors and timeouts. Owned by one thread while the run lasts; merged with {@link #add} after.
 */
final class ConnectionStats {
    private static final int STATUS_LIMIT = 1000;

    final LatencyHistogram latencyNs = new LatencyHistogram();
    private final long[] statusCounts = new long[STATUS_LIMIT];
    private long ioErrors;
    private long timeouts;
    private long connects;
    private String firstError;

    /**
     * Counts one complete response.
     *
     * @param status its status code
     * @param latencyNs its latency in nanoseconds (recorded only for 2xx)
     */
    void response(final int status, final long latencyNs) {
        if (status >= 200 && status < 300) {
            this.latencyNs.record(latencyNs);
        } else {
            statusCounts[Math.min(Math.max(status, 0), STATUS_LIMIT - 1)]++;
        }
    }

    /**
     * Counts a request that failed without a response.
     *
     * @param timeout whether it timed out (otherwise an I/O error)
     * @param description what happened, kept for the first such failure
     */
    void failure(final boolean timeout, final String description) {
        if (timeout) {
            timeouts++;
        } else {
            ioErrors++;
        }
        if (firstError == null) {
            firstError = description;
        }
    }

    /** Counts one new connection. */
    void connected() {
        connects++;
    }

    /** @return the number of 2xx responses */
    long ok() {
        return latencyNs.count();
    }

    /** @return the number of failed requests of every kind */
    long errors() {
        long n = ioErrors + timeouts;
        for (final long c : statusCounts) {
            n += c;
        }
        return n;
    }

    /** @return errors by kind: the status code as text, "io" and "timeout"; only non-zero entries, sorted */
    Map<String, Long> errorsByKind() {
        final Map<String, Long> out = new TreeMap<>();
        for (int s = 0; s < STATUS_LIMIT; s++) {
            if (statusCounts[s] > 0) {
                out.put(Integer.toString(s), statusCounts[s]);
            }
        }
        if (ioErrors > 0) {
            out.put("io", ioErrors);
        }
        if (timeouts > 0) {
            out.put("timeout", timeouts);
        }
        return out;
    }

    /** @return how many connections were opened */
    long connects() {
        return connects;
    }

    /** @return a description of the first failed request, or null */
    String firstError() {
        return firstError;
    }

    /**
     * Adds another connection's observations into this one.
     *
     * @param other the other connection's stats
     */
    void add(final ConnectionStats other) {
        latencyNs.add(other.latencyNs);
        for (int s = 0; s < STATUS_LIMIT; s++) {
            statusCounts[s] += other.statusCounts[s];
        }
        ioErrors += other.ioErrors;
        timeouts += other.timeouts;
        connects += other.connects;
        if (firstError == null) {
            firstError = other.firstError;
        }
    }
}
