package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Which inbound Aeron session belongs to which peer, and the newest generation seen of each node. Agent thread
 * only.
 *
 * <table>
 *   <caption>Handshake verdicts, checked in this order</caption>
 *   <tr><th>condition</th><th>verdict</th></tr>
 *   <tr><td>cluster name differs</td><td>refuse, CLUSTER_MISMATCH</td></tr>
 *   <tr><td>cluster fingerprint differs</td><td>refuse, CLUSTER_MISMATCH</td></tr>
 *   <tr><td>peer claims this node's own id</td><td>refuse, DUPLICATE_NODE_ID</td></tr>
 *   <tr><td>generation below the newest seen of that node</td><td>refuse, OLD_GENERATION</td></tr>
 *   <tr><td>generation above the newest seen (and one was seen)</td><td>accept; the peer restarted</td></tr>
 *   <tr><td>otherwise</td><td>accept</td></tr>
 * </table>
 */
final class PeerSessions {
    /** A refusal: the code sent in the REJECT and the reason logged on both sides. */
    record Refusal(int code, String reason) {
    }

    private final NodeIdentity self;
    private final Int2ObjectHashMap<GenerationalNodeId> bySession = new Int2ObjectHashMap<>();
    private final Int2IntHashMap newestGeneration = new Int2IntHashMap(0);

    PeerSessions(final NodeIdentity self) {
        this.self = self;
    }

    /** The verdict on a peer's identity, or null to accept it. */
    Refusal check(final NodeIdentity peer) {
        if (!peer.clusterName().equals(self.clusterName())) {
            return new Refusal(ErrorCodec.CODE_CLUSTER_MISMATCH, "cluster name '" + peer.clusterName()
                + "' differs from '" + self.clusterName() + "'");
        }
        if (peer.clusterFingerprint() != self.clusterFingerprint()) {
            return new Refusal(ErrorCodec.CODE_CLUSTER_MISMATCH, "cluster fingerprint mismatch: "
                + Long.toUnsignedString(peer.clusterFingerprint(), 16) + " vs "
                + Long.toUnsignedString(self.clusterFingerprint(), 16));
        }
        final GenerationalNodeId id = peer.nodeId();
        if (id.id() == self.nodeId().id()) {
            return new Refusal(ErrorCodec.CODE_DUPLICATE_NODE_ID, "peer claims this node's own id N" + id.id());
        }
        final int newest = newestGeneration.get(id.id());
        if (id.generation() < newest) {
            return new Refusal(ErrorCodec.CODE_OLD_GENERATION, "generation " + id + " is older than N" + id.id()
                + ":" + newest + " already seen");
        }
        return null;
    }

    /**
     * Binds a session to an accepted peer.
     *
     * @return the generation seen before if this one is newer (the peer restarted), else 0
     */
    int accept(final int sessionId, final GenerationalNodeId peer) {
        final int before = newestGeneration.get(peer.id());
        int restartedFrom = 0;
        if (peer.generation() > before) {
            newestGeneration.put(peer.id(), peer.generation());
            if (before != 0) {
                restartedFrom = before;
                bySession.values().removeIf(old -> old.id() == peer.id() && old.generation() < peer.generation());
            }
        }
        bySession.put(sessionId, peer);
        return restartedFrom;
    }

    GenerationalNodeId peerOf(final int sessionId) {
        return bySession.get(sessionId);
    }

    void close(final int sessionId) {
        bySession.remove(sessionId);
    }

    int newestGeneration(final int nodeId) {
        return newestGeneration.get(nodeId);
    }
}
