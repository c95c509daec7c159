package io.jrestate.admin.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.metadata.raft.NodesConfiguration;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether each node of {@code nodes_config} is alive, as the answering node sees it over its node transport (the
 * fabric, UDP on port 5122), without any new message: the transport's own handshake ({@code HELLO} /
 * {@code HELLO_ACK}) is the probe. Every node of a multi-node cluster runs that transport (a metadata server and a
 * log server share it, a worker without metadata server opens one for its metadata client).
 *
 * <table>
 *   <caption>How the verdict is decided, first matching row wins</caption>
 *   <tr><th>node</th><th>condition</th><th>verdict</th></tr>
 *   <tr><td>the answering node (same {@code node-name})</td><td>it answers this request</td><td>alive</td></tr>
 *   <tr><td>another node</td><td>this node runs no node transport</td><td>unknown</td></tr>
 *   <tr><td>another node</td><td>a session with its id is established (handshake answered, publication
 *       connected: the transport drops it after its peer timeout, 2 s, without traffic from the node)</td>
 *       <td>alive</td></tr>
 *   <tr><td>another node</td><td>its advertised address has no host and port, or the host does not resolve</td>
 *       <td>unknown</td></tr>
 *   <tr><td>another node</td><td>a handshake with its advertised address is answered by that node id within the
 *       probe timeout</td><td>alive</td></tr>
 *   <tr><td>another node</td><td>the handshake is answered by another node id</td><td>dead (another node holds
 *       its address)</td></tr>
 *   <tr><td>another node</td><td>no answer within the probe timeout</td><td>dead</td></tr>
 * </table>
 *
 * <p>A node found by a probe stays a peer of the answering node (the transport keeps the link and its keep-alive,
 * as between any two nodes of a cluster that talk), so the next request finds the session established and
 * needs no probe. A probe that gets no answer is dropped by the transport at its timeout. Probes of all nodes run
 * at the same time: a request takes at most the probe timeout longer than the metadata read.
 */
public final class NodeLiveness {
    /** The probe timeout used by the admin API: longer than the transport's peer timeout (2 s). */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final int PORT_MAX = 65_535;
    private static final Executor RESOLVER = task -> Thread.ofVirtual().name("cluster-liveness").start(task);

    /** The three verdicts. */
    public enum Liveness {
        /** The node answers. */
        ALIVE,
        /** The node does not answer at its advertised address. */
        DEAD,
        /** This node cannot tell. */
        UNKNOWN;

        /** @return the JSON name: {@code alive}, {@code dead} or {@code unknown} */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One node's verdict.
     *
     * @param liveness the verdict
     * @param seenGeneration the generation the node's handshake carried, when it answered one
     * @param detail why, in a sentence fragment an operator can read
     */
    public record Verdict(Liveness liveness, Optional<Integer> seenGeneration, String detail) {
        static Verdict of(final Liveness liveness, final String detail) {
            return new Verdict(liveness, Optional.empty(), detail);
        }

        static Verdict seen(final GenerationalNodeId peer, final String detail) {
            return new Verdict(Liveness.ALIVE, Optional.of(peer.generation()), detail);
        }
    }

    private final Supplier<Optional<Transport>> transport;
    private final Duration probeTimeout;

    /**
     * Creates the decider.
     *
     * @param transport this node's transport, asked on every call (empty when the node runs none)
     * @param probeTimeout how long a probe waits for the handshake's answer
     */
    public NodeLiveness(final Supplier<Optional<Transport>> transport, final Duration probeTimeout) {
        this.transport = transport;
        this.probeTimeout = probeTimeout;
    }

    /**
     * Decides every node's liveness.
     *
     * @param nodes the nodes of {@code nodes_config}
     * @param selfName this node's {@code node-name}
     * @return the verdicts by plain node id, in the order of {@code nodes}; never fails
     */
    public CompletableFuture<Map<Integer, Verdict>> of(final List<NodesConfiguration.Node> nodes,
                                                       final String selfName) {
        final Optional<Transport> running = currentTransport();
        final List<CompletableFuture<Verdict>> pending = new ArrayList<>();
        for (final NodesConfiguration.Node node : nodes) {
            pending.add(node.name().equals(selfName)
                ? CompletableFuture.completedFuture(Verdict.of(Liveness.ALIVE, "this node answers"))
                : running.map(t -> of(t, node)).orElseGet(() -> CompletableFuture.completedFuture(Verdict.of(
                    Liveness.UNKNOWN, "the answering node runs no node transport to probe it with"))));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(done -> {
            final Map<Integer, Verdict> verdicts = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                verdicts.put(nodes.get(i).id(), pending.get(i).join());
            }
            return verdicts;
        });
    }

    private Optional<Transport> currentTransport() {
        try {
            return transport.get();
        } catch (final IllegalStateException e) {
            return Optional.empty();
        }
    }

    private CompletableFuture<Verdict> of(final Transport running, final NodesConfiguration.Node node) {
        final Optional<GenerationalNodeId> connected = running.connectedPeer(node.id());
        if (connected.isPresent()) {
            return CompletableFuture.completedFuture(Verdict.seen(connected.get(), "session established"));
        }
        // Resolving a host name may block on DNS: off the caller's (event loop) thread.
        return CompletableFuture.supplyAsync(() -> address(node.address()), RESOLVER).thenCompose(address -> {
            if (address.isEmpty()) {
                return CompletableFuture.completedFuture(Verdict.of(Liveness.UNKNOWN, "advertised address '"
                    + node.address() + "' has no resolvable host and port"));
            }
            return probe(running, node, address.get());
        }).exceptionally(e -> Verdict.of(Liveness.UNKNOWN, "cannot probe '" + node.address() + "': " + e));
    }

    private CompletableFuture<Verdict> probe(final Transport running, final NodesConfiguration.Node node,
                                             final InetSocketAddress address) {
        final CompletableFuture<GenerationalNodeId> answer;
        try {
            answer = running.probe(address);
        } catch (final RuntimeException e) {
            return CompletableFuture.completedFuture(Verdict.of(Liveness.UNKNOWN, "cannot probe " + address + ": "
                + e.getMessage()));
        }
        final String where = address.getHostString() + ":" + address.getPort();
        return answer.orTimeout(probeTimeout.toNanos(), TimeUnit.NANOSECONDS).handle((peer, error) -> {
            if (error != null) {
                return Verdict.of(Liveness.DEAD, "no answer at " + where + " within " + probeTimeout.toMillis()
                    + " ms");
            }
            if (peer.id() != node.id()) {
                return Verdict.of(Liveness.DEAD, "N" + peer.id() + " answers at " + where + ", not N" + node.id());
            }
            return Verdict.seen(peer, "answered at " + where);
        });
    }

    /**
     * The UDP address of an advertised node address ({@code http://host:port/} or {@code host:port}).
     *
     * @param advertised the address as {@code nodes_config} records it
     * @return the resolved address, empty when it names no host and port or the host does not resolve
     */
    static Optional<InetSocketAddress> address(final String advertised) {
        final URI uri;
        try {
            uri = URI.create(advertised.contains("://") ? advertised : "http://" + advertised);
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > PORT_MAX) {
            return Optional.empty();
        }
        final InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        return address.isUnresolved() ? Optional.empty() : Optional.of(address);
    }
}
