package io.jrestate.metadata.raft.internal.node;

import io.jrestate.aeron.transport.Transport;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.internal.net.RemoteMetadataClientService;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import java.time.Duration;

/**
 * The metadata client of a worker node that does not run {@code metadata-server}: starts before the worker
 * (start rank {@value #START_RANK}) and offers a remote client of the replicated store as
 * {@code context.lookup(MetadataStore.class)} ({@link RemoteMetadataClientService}), and the node transport that
 * client opened as {@code context.lookup(Transport.class)}. On a node that runs
 * {@code metadata-server} it does nothing: that role offers its own store.
 */
public final class MetadataClientFactory implements NodeServiceFactory {
    /** Before the worker's services (default rank 100). */
    public static final int START_RANK = 10;
    /** The directory under the node directory that holds the client's generation file. */
    public static final String DIRECTORY = "metadata-client";

    /** Creates the factory (called by the service loader). */
    public MetadataClientFactory() {
    }

    @Override
    public Role role() {
        return Role.WORKER;
    }

    @Override
    public int startRank() {
        return START_RANK;
    }

    @Override
    public NodeService create(final NodeContext context) {
        final RestateConfig config = context.config();
        if (config.common().runs(Role.METADATA_SERVER)) {
            return new NodeService() {
                @Override
                public String name() {
                    return "metadata-client (local: metadata-server role)";
                }

                @Override
                public void start() {
                    // the metadata-server role offers the store
                }

                @Override
                public void stop(final Duration timeout) {
                    // nothing started
                }
            };
        }
        final RemoteMetadataClientService service = new RemoteMetadataClientService(config,
            context.nodeDir().resolve(DIRECTORY), MetadataServerFactory.clientOptions(config.metadataClient()),
            MetadataServerFactory.self(config));
        context.provide(MetadataStore.class, service::store);
        context.provide(Transport.class, service::transport);
        return service;
    }
}
