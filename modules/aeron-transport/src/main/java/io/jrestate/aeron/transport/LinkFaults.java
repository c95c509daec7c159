package io.jrestate.aeron.transport;

/**
 * The in-process fault shim: consulted for every frame a node sends and receives, it can drop frames on a link.
 *
 * <p>The build machines have no {@code netem}, so loss and partitions between real Aeron nodes in one process come
 * from here. A full partition of a link drops every frame in both directions; an asymmetric one drops only
 * outbound (or only inbound) frames of one node. Production runs with {@link #NONE}.
 */
public interface LinkFaults {
    /** No faults: every frame passes. */
    LinkFaults NONE = new LinkFaults() {
        @Override
        public boolean dropOutbound(final int toNodeId) {
            return false;
        }

        @Override
        public boolean dropInbound(final int fromNodeId) {
            return false;
        }
    };

    /**
     * Whether to drop a frame this node is about to send to a peer; the sender sees it as sent.
     *
     * @param toNodeId the peer's plain node id
     * @return true to drop it
     */
    boolean dropOutbound(int toNodeId);

    /**
     * Whether to drop a frame this node received from a peer, before any decoding.
     *
     * @param fromNodeId the peer's plain node id, or 0 when the frame arrived on a session not yet identified
     * @return true to drop it
     */
    boolean dropInbound(int fromNodeId);
}
