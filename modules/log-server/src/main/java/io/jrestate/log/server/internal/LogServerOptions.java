package io.jrestate.log.server.internal;

/**
 * Limits of a log server.
 *
 * @param requestQueueCapacity requests waiting for the worker thread; more are answered {@code DROPPED}
 * @param waitersMax {@code WaitForTail} requests waiting at once, over all loglets; more are answered
 *     {@code DROPPED}
 * @param readBudgetBytesMax the most payload bytes one {@code Records} answer carries, whatever the request asks
 * @param digestRunsMax the most runs one {@code Digest} answer carries
 * @param waiterExpiryNs after how long a waiting {@code WaitForTail} may be answered with the tails as they are,
 *     to make room when {@code waitersMax} are waiting (its requester has most likely given up by then)
 */
public record LogServerOptions(int requestQueueCapacity, int waitersMax, long readBudgetBytesMax,
    int digestRunsMax, long waiterExpiryNs) {
    /**
     * The defaults: 4,096 queued requests, 4,096 waiters (expiring after 60 s), 4 MiB per read answer, 65,536
     * digest runs.
     *
     * @return the options
     */
    public static LogServerOptions defaults() {
        return new LogServerOptions(4096, 4096, 4L << 20, 65_536, 60_000_000_000L);
    }
}
