package io.jrestate.worker.internal.schema;

import io.jrestate.service.protocol.schema.SchemaRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the stored version of a registry kept in a shared store (the metadata store of a cluster) and reloads
 * what other nodes registered ({@link SchemaRegistry#refresh}): one version read per interval, on one daemon
 * thread that sleeps in between. A failed poll is logged (at most once until a poll succeeds again) and retried
 * at the next interval.
 */
public final class SchemaRefresher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SchemaRefresher.class.getName());

    private final SchemaRegistry registry;
    private final ScheduledExecutorService timer;
    private boolean failing;

    private SchemaRefresher(final SchemaRegistry registry, final String name) {
        this.registry = registry;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts polling.
     *
     * @param registry the registry to refresh
     * @param interval the time between two polls
     * @param name the thread's name
     * @return the running refresher
     */
    public static SchemaRefresher start(final SchemaRegistry registry, final Duration interval, final String name) {
        final SchemaRefresher refresher = new SchemaRefresher(registry, name);
        refresher.timer.scheduleWithFixedDelay(refresher::poll, interval.toNanos(), interval.toNanos(),
            TimeUnit.NANOSECONDS);
        return refresher;
    }

    private void poll() {
        try {
            if (registry.refresh()) {
                LOG.log(System.Logger.Level.DEBUG, "schema registry: loaded version {0} written by another node",
                    registry.snapshot().version());
            }
            failing = false;
        } catch (final RuntimeException e) {
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "schema registry: cannot poll the stored version (retried): {0}",
                    e.getMessage());
            }
            failing = true;
        }
    }

    /** Stops polling (a poll under way finishes). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
