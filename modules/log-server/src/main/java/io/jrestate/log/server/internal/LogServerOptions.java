package io.jrestate.log.server.internal;

/**
 * Limits of a log server.
 *
 * @param requestQueueCapacity requests waiting for the worker thread; more are answered {@code DROPPED}
 * @param waitersMax {@code WaitForTail} requests waiting at once, over all loglets; more are answered
 *     {@code DROPPED}
 * @param readBudgetBytesMax the most payload bytes one {@code Records} answer carries, whatever the request asks
 * @param digestRunsMax the most runs one {@code Digest} answer carries
 */
public record LogServerOptions(int requestQueueCapacity, int waitersMax, long readBudgetBytesMax,
    int digestRunsMax) {
    /**
     * The defaults: 4,096 queued requests, 4,096 waiters, 4 MiB per read answer, 65,536 digest runs.
     *
     * @return the options
     */
    public static LogServerOptions defaults() {
        return new LogServerOptions(4096, 4096, 4L << 20, 65_536);
    }
}
