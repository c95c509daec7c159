package io.jrestate.aeron.transport.internal;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.CloseHelper;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells refused peers why, best effort: a {@code REJECT} frame on a small, separate publication to the address the
 * refused {@code HELLO} named (never through the link of a legitimate peer that may share its node id). At most
 * {@value #PUBLICATIONS_MAX} such publications are kept, oldest closed first. Agent thread only.
 */
final class Rejecter {
    private static final int PUBLICATIONS_MAX = 8;

    private final Aeron aeron;
    private final TransportOptions options;
    private final IntHashSet refusedSessions = new IntHashSet();
    private final IntHashSet rejectedSessions = new IntHashSet();
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[FrameFlyweight.HEADER_LENGTH]);
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[ErrorCodec.LENGTH_MAX]);
    private final Map<InetSocketAddress, Publication> publications = new LinkedHashMap<>();

    Rejecter(final Aeron aeron, final TransportOptions options) {
        this.aeron = aeron;
        this.options = options;
    }

    /** Whether this is the first refusal on this session (so the refusal is logged once per session). */
    boolean firstRefusal(final int sessionId) {
        return refusedSessions.add(sessionId);
    }

    void reject(final int sessionId, final HelloCodec hello, final ErrorCodec error) {
        if (rejectedSessions.contains(sessionId)) {
            return;
        }
        final InetSocketAddress to = new InetSocketAddress(hello.advertisedHost(), hello.advertisedPort());
        if (to.isUnresolved()) {
            return;
        }
        Publication pub = publications.get(to);
        if (pub == null) {
            if (publications.size() >= PUBLICATIONS_MAX) {
                final InetSocketAddress oldest = publications.keySet().iterator().next();
                CloseHelper.quietClose(publications.remove(oldest));
            }
            pub = aeron.addPublication(OutboundLink.channel(to, options), options.streamId());
            publications.put(to, pub);
        }
        FrameFlyweight.encode(header, 0, FrameFlyweight.REJECT, 0, 0);
        final int length = error.encode(body, 0);
        if (pub.offer(header, 0, FrameFlyweight.HEADER_LENGTH, body, 0, length) > 0) {
            rejectedSessions.add(sessionId);
        }
    }

    void forget(final int sessionId) {
        refusedSessions.remove(sessionId);
        rejectedSessions.remove(sessionId);
    }

    void close() {
        publications.values().forEach(CloseHelper::quietClose);
        publications.clear();
    }
}
