package io.jrestate.perf.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a load test: one platform thread per connection for warm-up plus duration, then merges what every
 * connection observed. The run is bounded: threads still blocked {@code timeout + 2 s} after the end have their
 * sockets closed and are left to exit.
 */
public final class LoadRun {
    private static final long JOIN_GRACE_NS = 2_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private LoadRun() {
    }

    /**
     * Runs the load described by the options against the ingress it names.
     *
     * @param options the run options
     * @return the merged result of the measured window
     * @throws InterruptedException when the calling thread is interrupted while waiting for the run
     */
    public static LoadReport run(final LoadOptions options) throws InterruptedException {
        final RequestTemplate template = new RequestTemplate(options);
        final long startNs = System.nanoTime();
        final long measureStartNs = startNs + options.warmup().toNanos();
        final long endNs = measureStartNs + options.duration().toNanos();
        final List<LoadConnection> connections = new ArrayList<>(options.connections());
        final List<Thread> threads = new ArrayList<>(options.connections());
        for (int i = 0; i < options.connections(); i++) {
            final LoadConnection c = new LoadConnection(options, template, i, startNs, measureStartNs, endNs);
            connections.add(c);
            threads.add(Thread.ofPlatform().name("load-" + i).daemon(true).start(c));
        }
        final long joinDeadlineNs = endNs + options.timeout().toNanos() + JOIN_GRACE_NS;
        for (int i = 0; i < threads.size(); i++) {
            final long waitMs = Math.max(1, (joinDeadlineNs - System.nanoTime()) / NANOS_PER_MILLI);
            if (!threads.get(i).join(java.time.Duration.ofMillis(waitMs))) {
                connections.get(i).abort();
                threads.get(i).join(java.time.Duration.ofSeconds(1));
            }
        }
        final ConnectionStats total = new ConnectionStats();
        for (final LoadConnection c : connections) {
            total.add(c.stats());
        }
        return new LoadReport(options, total);
    }
}
