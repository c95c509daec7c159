package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataStoreException;
import io.jrestate.metadata.raft.NodesConfiguration;
import java.time.Duration;

/**
 * Registers a member of a replicated metadata group in {@code nodes_config} without holding up its start: the
 * group may have no quorum until other members start (and they may wait for this one's health), so a daemon thread
 * retries {@link NodeRegistration#register} every {@value #RETRY_DELAY_MS} ms until it succeeds or the member stops.
 * A contradiction (another cluster, a changed forced id) is logged at ERROR and not retried.
 */
public final class BackgroundRegistration implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundRegistration.class.getName());
    private static final long RETRY_DELAY_MS = 1000;

    private final Thread thread;
    private volatile NodesConfiguration.Node registered;
    private volatile boolean closed;

    private BackgroundRegistration(final MetadataStore store, final NodeRegistration.Self self,
                                   final MetadataClientOptions options) {
        thread = new Thread(() -> run(store, self, options), "metadata-registration");
        thread.setDaemon(true);
    }

    /**
     * Starts registering.
     *
     * @param store the group's client
     * @param self what the node declares
     * @param options retries within one attempt
     * @return the running registration
     */
    public static BackgroundRegistration start(final MetadataStore store, final NodeRegistration.Self self,
                                               final MetadataClientOptions options) {
        final BackgroundRegistration registration = new BackgroundRegistration(store, self, options);
        registration.thread.start();
        return registration;
    }

    private void run(final MetadataStore store, final NodeRegistration.Self self,
                     final MetadataClientOptions options) {
        while (!closed) {
            try {
                registered = NodeRegistration.register(store, self, options);
                LOG.log(System.Logger.Level.INFO, "metadata-server: node {0} is N{1}:{2} in {3}", self.nodeName(),
                    registered.id(), registered.generation(), NodesConfiguration.KEY);
                return;
            } catch (final IllegalStateException e) {
                LOG.log(System.Logger.Level.ERROR, "metadata-server: cannot register node {0}: {1}",
                    self.nodeName(), e.getMessage());
                return;
            } catch (final MetadataStoreException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "metadata-server: registration retried: {0}", e.getMessage());
            }
            try {
                Thread.sleep(Duration.ofMillis(RETRY_DELAY_MS));
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The entry once registered.
     *
     * @return the entry, or null while still trying
     */
    public NodesConfiguration.Node registered() {
        return registered;
    }

    /** Stops trying (the thread ends at its next step). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
