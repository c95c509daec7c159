package io.jrestate.metadata.raft.internal.node;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.EmbeddedMetadataStore;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupParticipant;
import io.jrestate.node.api.NodeService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code metadata-server} role's service: opens the embedded one-member store at start, records the node in
 * {@code nodes_config} (its generation goes up by one on every start), and closes the store at stop.
 */
public final class MetadataServerService implements NodeService {
    private static final System.Logger LOG = System.getLogger(MetadataServerService.class.getName());
    private final Path dir;
    private final MetadataServerOptions serverOptions;
    private final MetadataClientOptions clientOptions;
    private final NodeRegistration.Self self;
    private volatile EmbeddedMetadataStore store;
    private volatile NodesConfiguration.Node registered;

    MetadataServerService(final Path dir, final MetadataServerOptions serverOptions,
                          final MetadataClientOptions clientOptions, final NodeRegistration.Self self) {
        this.dir = dir;
        this.serverOptions = serverOptions;
        this.clientOptions = clientOptions;
        this.self = self;
    }

    @Override
    public String name() {
        return "metadata-server";
    }

    @Override
    public void start() throws Exception {
        Verify.that(store == null, "metadata-server already started");
        final EmbeddedMetadataStore opened = EmbeddedMetadataStore.open(dir, serverOptions, clientOptions);
        try {
            registered = NodeRegistration.register(opened, self, clientOptions);
        } catch (final RuntimeException e) {
            opened.close();
            throw e;
        }
        store = opened;
        LOG.log(System.Logger.Level.INFO, "metadata-server: node {0} is N{1}:{2} in {3}", registered.name(),
            registered.id(), registered.generation(), NodesConfiguration.KEY);
    }

    /**
     * This node's entry in {@code nodes_config} as recorded by the last start.
     *
     * @return the entry (id, generation, name, address, roles)
     * @throws IllegalStateException when the service is not started
     */
    public NodesConfiguration.Node registeredNode() {
        final NodesConfiguration.Node node = registered;
        Verify.that(node != null && store != null, "metadata-server is not running");
        return node;
    }

    @Override
    public void stop(final Duration timeout) {
        final EmbeddedMetadataStore running = store;
        store = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * The service's part in online backups: the running store's participant (a backup fails while stopped).
     *
     * @return the participant
     */
    public BackupParticipant backupParticipant() {
        return new BackupParticipant() {
            @Override
            public String name() {
                return "metadata-server";
            }

            @Override
            public CompletableFuture<BackupCut> capture(final Duration maxHold) {
                final EmbeddedMetadataStore running = store;
                return running == null ? CompletableFuture.failedFuture(new IllegalStateException(
                    "metadata-server is not running")) : running.backupParticipant().capture(maxHold);
            }
        };
    }

    /**
     * The running store, for the node's other services.
     *
     * @return the store
     * @throws IllegalStateException when the service is not started
     */
    public MetadataStore store() {
        final EmbeddedMetadataStore running = store;
        Verify.that(running != null, "metadata-server is not running");
        return running;
    }
}
