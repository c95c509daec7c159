package io.jrestate.perf.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One keep-alive HTTP/1.1 connection of a load run and the thread loop that drives it, one request in flight.
 *
 * <p>Closed loop: the next request is sent as soon as the previous response has been read; latency is from the
 * write to the end of the response. Open loop: request {@code k} of connection {@code c} is due at
 * {@code start + (c + k * connections) / rate}; the thread sleeps until then (never spins) and, when it is late,
 * sends at once but still counts latency from the due time, so a stalled server shows up in the percentiles
 * instead of silently lowering the offered load (no coordinated omission).
 *
 * <p>Only responses and failures that end inside {@code [measureStartNs, endNs)} are counted. After a failure the
 * connection is closed and reopened for the next request, with a pause so that a down server is not hammered.
 */
final class LoadConnection implements Runnable {
    private static final int RESPONSE_BUFFER_BYTES = 16 * 1024;
    private static final long RETRY_PAUSE_NS = 50_000_000L;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final LoadOptions options;
    private final RequestTemplate template;
    private final int index;
    private final long startNs;
    private final long measureStartNs;
    private final long endNs;
    private final SplittableRandom random;
    private final byte[] request;
    private final ConnectionStats stats = new ConnectionStats();
    private volatile boolean aborted;
    private volatile Socket socket;
    private OutputStream out;
    private ResponseReader reader;

    /**
     * Creates a connection's loop; nothing is opened until {@link #run()}.
     *
     * @param options the run options
     * @param template the request template (shared, immutable)
     * @param index this connection's number, 0 to connections - 1
     * @param startNs when the run starts (System.nanoTime)
     * @param measureStartNs when the measured window starts
     * @param endNs when the measured window and the run end
     */
    LoadConnection(final LoadOptions options, final RequestTemplate template, final int index, final long startNs,
                   final long measureStartNs, final long endNs) {
        this.options = options;
        this.template = template;
        this.index = index;
        this.startNs = startNs;
        this.measureStartNs = measureStartNs;
        this.endNs = endNs;
        this.random = new SplittableRandom(options.seed() * 1_000_003L + index);
        this.request = template.newBuffer();
    }

    /** @return what this connection observed (read it after the thread has ended) */
    ConnectionStats stats() {
        return stats;
    }

    @Override
    public void run() {
        final double intervalNs = options.openLoop() ? options.connections() * 1e9 / options.ratePerSecond() : 0;
        final double offsetNs = options.openLoop() ? index * 1e9 / options.ratePerSecond() : 0;
        long k = 0;
        try {
            while (!aborted) {
                final long dueNs;
                if (options.openLoop()) {
                    dueNs = startNs + (long) (offsetNs + k * intervalNs);
                    k++;
                    if (dueNs >= endNs || !sleepUntil(dueNs)) {
                        break;
                    }
                } else {
                    dueNs = System.nanoTime();
                    if (dueNs >= endNs) {
                        break;
                    }
                }
                exchange(dueNs);
            }
        } finally {
            closeQuietly();
        }
    }

    /** Closes the socket from another thread so that a blocked read returns; the loop then ends. */
    void abort() {
        aborted = true;
        closeQuietly();
    }

    private void exchange(final long dueNs) {
        final long key = options.keys() == 1 ? 0 : random.nextInt(options.keys());
        final int length = template.write(key, request);
        try {
            if (socket == null) {
                connect();
            }
            out.write(request, 0, length);
            out.flush();
            final int status = reader.readResponse();
            final long doneNs = System.nanoTime();
            if (inWindow(doneNs)) {
                stats.response(status, doneNs - dueNs);
            }
            if (reader.closeAfter()) {
                closeQuietly();
            }
        } catch (final IOException e) {
            final long failedNs = System.nanoTime();
            if (!aborted && inWindow(failedNs)) {
                stats.failure(e instanceof SocketTimeoutException, e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            closeQuietly();
            sleepUntil(Math.min(failedNs + RETRY_PAUSE_NS, endNs));
        }
    }

    private void connect() throws IOException {
        final Socket s = new Socket();
        socket = s;
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toMillis())));
        s.connect(new InetSocketAddress(options.host(), options.port()), CONNECT_TIMEOUT_MS);
        out = s.getOutputStream();
        reader = new ResponseReader(s.getInputStream(), RESPONSE_BUFFER_BYTES);
        stats.connected();
    }

    private boolean inWindow(final long nowNs) {
        return nowNs >= measureStartNs && nowNs < endNs;
    }

    /** Parks until the deadline; returns false when aborted. */
    private boolean sleepUntil(final long deadlineNs) {
        long remaining;
        while (!aborted && (remaining = deadlineNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
        return !aborted;
    }

    private void closeQuietly() {
        final Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (final IOException ignored) {
                // Closing a broken connection may fail; the next request opens a new one.
            }
        }
    }
}
