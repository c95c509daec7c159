package io.jrestate.aeron.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A fault shim for one node that tests switch at run time: cut links to chosen peers, in either direction. */
final class SwitchableFaults implements LinkFaults {
    private final Set<Integer> outboundCut = ConcurrentHashMap.newKeySet();
    private final Set<Integer> inboundCut = ConcurrentHashMap.newKeySet();

    void cut(final int peer) {
        outboundCut.add(peer);
        inboundCut.add(peer);
    }

    void cutOutbound(final int peer) {
        outboundCut.add(peer);
    }

    void heal() {
        outboundCut.clear();
        inboundCut.clear();
    }

    @Override
    public boolean dropOutbound(final int toNodeId) {
        return outboundCut.contains(toNodeId);
    }

    @Override
    public boolean dropInbound(final int fromNodeId) {
        return inboundCut.contains(fromNodeId);
    }
}
