package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataStoreException;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.VersionedValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;

/**
 * Records a starting node in {@code nodes_config}: a known name gets its generation incremented (and its address
 * and roles refreshed), a new name gets the forced id or the next free one with generation 1. Conflicting
 * concurrent updates are retried ({@link MetadataUpdates}).
 *
 * <pre>
 *   nodes_config      | node name           || result
 *   absent            | -                   || provisioned: cluster name, this node (forced id or 1), generation 1
 *   other cluster     | -                   || refused: the data belongs to another cluster
 *   present           | known, same id      || generation + 1
 *   present           | known, other forced || refused: force-node-id contradicts the stored id
 *   present           | unknown             || added: forced id (refused if taken) or max id + 1, generation 1
 * </pre>
 * A node that joins an existing cluster ({@link #join}: a worker without the {@code metadata-server} role) never
 * provisions: while {@code nodes_config} is absent it is refused with {@link NotProvisionedException}, and a new
 * id also skips the ids of the metadata members it talks to (they may not have registered yet).
 */
public final class NodeRegistration {
    private NodeRegistration() {
    }

    /**
     * What a node declares about itself.
     *
     * @param clusterName {@code cluster-name}
     * @param nodeName {@code node-name}
     * @param forcedId {@code force-node-id}, if set
     * @param address the advertised node address
     * @param roles the roles' configuration names
     */
    public record Self(String clusterName, String nodeName, OptionalLong forcedId, String address,
                       List<String> roles) {
    }

    /**
     * Registers the node.
     *
     * @param store the metadata store
     * @param self what the node declares
     * @param options retry attempts and backoff
     * @return the node's entry as stored, with its new generation
     * @throws IllegalStateException when the stored configuration contradicts the node's (cluster, id)
     * @throws io.jrestate.metadata.raft.MetadataStoreException when the store is unavailable or conflicts persist
     */
    public static NodesConfiguration.Node register(final MetadataStore store, final Self self,
                                                   final MetadataClientOptions options) {
        final MetadataUpdates.Outcome outcome = MetadataUpdates.readModifyWrite(store, NodesConfiguration.KEY,
            NodesConfiguration.CONTENT_TYPE, current -> Optional.of(next(current, self).encode()), options);
        final VersionedValue stored = outcome.value().orElseThrow();
        return NodesConfiguration.decode(stored.value()).byName(self.nodeName()).orElseThrow();
    }

    /** {@code nodes_config} is absent: the cluster was not provisioned yet (retry later). */
    public static final class NotProvisionedException extends MetadataStoreException {
        private static final long serialVersionUID = 1L;

        NotProvisionedException(final String message) {
            super(message);
        }
    }

    /**
     * Registers a node joining an existing cluster: as {@link #register}, but an absent {@code nodes_config} is
     * refused rather than provisioned, and a new node's id is above every id in {@code reservedIds} too.
     *
     * @param store the metadata store
     * @param self what the node declares
     * @param reservedIds ids already taken outside {@code nodes_config} (the metadata members)
     * @param options retry attempts and backoff
     * @return the node's entry as stored, with its new generation
     * @throws NotProvisionedException when {@code nodes_config} does not exist yet
     * @throws IllegalStateException when the stored configuration contradicts the node's (cluster, id)
     */
    public static NodesConfiguration.Node join(final MetadataStore store, final Self self,
                                               final Set<Long> reservedIds, final MetadataClientOptions options) {
        final MetadataUpdates.Outcome outcome = MetadataUpdates.readModifyWrite(store, NodesConfiguration.KEY,
            NodesConfiguration.CONTENT_TYPE, current -> {
                if (current.isEmpty()) {
                    throw new NotProvisionedException("the cluster '" + self.clusterName() + "' has not been"
                        + " provisioned yet (no " + NodesConfiguration.KEY + " in the metadata store)");
                }
                return Optional.of(next(current, self, reservedIds).encode());
            }, options);
        final VersionedValue stored = outcome.value().orElseThrow();
        return NodesConfiguration.decode(stored.value()).byName(self.nodeName()).orElseThrow();
    }

    static NodesConfiguration next(final Optional<VersionedValue> current, final Self self) {
        return next(current, self, Set.of());
    }

    static NodesConfiguration next(final Optional<VersionedValue> current, final Self self,
                                   final Set<Long> reservedIds) {
        if (current.isEmpty()) {
            final int id = (int) self.forcedId().orElse(1);
            return new NodesConfiguration(self.clusterName(), List.of(new NodesConfiguration.Node(id, 1,
                self.nodeName(), self.address(), self.roles())));
        }
        final NodesConfiguration config = NodesConfiguration.decode(current.get().value());
        if (!config.clusterName().equals(self.clusterName())) {
            throw new IllegalStateException("the metadata store belongs to cluster '" + config.clusterName()
                + "' but this node is configured for cluster '" + self.clusterName() + "' (cluster-name)");
        }
        final List<NodesConfiguration.Node> nodes = new ArrayList<>(config.nodes());
        final Optional<NodesConfiguration.Node> known = config.byName(self.nodeName());
        final NodesConfiguration.Node updated;
        if (known.isPresent()) {
            final NodesConfiguration.Node old = known.get();
            if (self.forcedId().isPresent() && self.forcedId().getAsLong() != old.id()) {
                throw new IllegalStateException("node '" + self.nodeName() + "' is N" + old.id() + " in "
                    + NodesConfiguration.KEY + " but force-node-id is " + self.forcedId().getAsLong());
            }
            nodes.remove(old);
            updated = new NodesConfiguration.Node(old.id(), old.generation() + 1, old.name(), self.address(),
                self.roles());
        } else {
            final long maxReserved = reservedIds.stream().mapToLong(Long::longValue).max().orElse(0);
            final int maxId = (int) Math.max(maxReserved,
                nodes.stream().mapToInt(NodesConfiguration.Node::id).max().orElse(0));
            final int id = (int) self.forcedId().orElse(maxId + 1);
            if (nodes.stream().anyMatch(n -> n.id() == id)) {
                throw new IllegalStateException("force-node-id " + id + " of node '" + self.nodeName()
                    + "' is already taken in " + NodesConfiguration.KEY + " by another node");
            }
            updated = new NodesConfiguration.Node(id, 1, self.nodeName(), self.address(), self.roles());
        }
        nodes.add(updated);
        nodes.sort(Comparator.comparingInt(NodesConfiguration.Node::id));
        return new NodesConfiguration(config.clusterName(), nodes);
    }
}
