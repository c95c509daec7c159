package io.jrestate.aeron.transport.internal;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handshakes with addresses whose node id is not known yet (the {@code [metadata-client] addresses} of a
 * configuration name hosts, not nodes). A probe sends {@code HELLO} on its own publication to the address; the
 * node there answers {@code HELLO_ACK} naming that publication's session, which tells its identity. The node is
 * then an ordinary peer (the handshake already added its link) and the probe's publication is closed.
 */
final class Probes {
    private static final class Probe {
        final CompletableFuture<GenerationalNodeId> future = new CompletableFuture<>();
        Publication publication;
        long nextHelloNs;
    }

    private final ConcurrentHashMap<InetSocketAddress, Probe> byAddress = new ConcurrentHashMap<>();
    private final Aeron aeron;
    private final TransportOptions options;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[FrameFlyweight.HEADER_LENGTH]);

    Probes(final Aeron aeron, final TransportOptions options) {
        this.aeron = aeron;
        this.options = options;
    }

    /** Any thread: starts (or joins) the probe of an address. */
    CompletableFuture<GenerationalNodeId> probe(final InetSocketAddress address) {
        return byAddress.computeIfAbsent(address, a -> new Probe()).future;
    }

    /** Agent: creates publications, repeats HELLO every hello interval, drops probes the caller gave up on. */
    int tick(final long nowNs, final DirectBuffer helloBody, final int helloLength) {
        int work = 0;
        for (final Iterator<Map.Entry<InetSocketAddress, Probe>> it = byAddress.entrySet().iterator(); it.hasNext();) {
            final Map.Entry<InetSocketAddress, Probe> entry = it.next();
            final Probe probe = entry.getValue();
            if (probe.future.isDone()) {
                CloseHelper.quietClose(probe.publication);
                it.remove();
                continue;
            }
            if (probe.publication == null) {
                probe.publication = aeron.addPublication(OutboundLink.channel(entry.getKey(), options),
                    options.streamId());
                work++;
            }
            if (probe.publication.isConnected() && nowNs - probe.nextHelloNs >= 0) {
                FrameFlyweight.encode(header, 0, FrameFlyweight.HELLO, 0, 0);
                if (probe.publication.offer(header, 0, FrameFlyweight.HEADER_LENGTH, helloBody, 0, helloLength) > 0) {
                    work++;
                }
                probe.nextHelloNs = nowNs + options.helloIntervalNs();
            }
        }
        return work;
    }

    /** Agent: a HELLO_ACK arrived; completes the probe whose publication it answers, if any. */
    void onAck(final int ackedSessionId, final GenerationalNodeId peer) {
        for (final Probe probe : byAddress.values()) {
            if (probe.publication != null && probe.publication.sessionId() == ackedSessionId) {
                probe.future.complete(peer);
            }
        }
    }

    boolean isEmpty() {
        return byAddress.isEmpty();
    }

    void close() {
        for (final Probe probe : byAddress.values()) {
            CloseHelper.quietClose(probe.publication);
            probe.future.completeExceptionally(new IllegalStateException("transport closed while probing"));
        }
        byAddress.clear();
    }
}
