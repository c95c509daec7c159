package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.client.ResponseListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;

/** Opens HTTP/1.1 exchanges, one connection each. */
public final class Http1Connector {
    private final EventLoopGroup group;
    private final InvokerOptions options;

    /**
     * Creates a connector.
     *
     * @param group the event loops connections run on
     * @param options the connect timeout
     */
    public Http1Connector(final EventLoopGroup group, final InvokerOptions options) {
        this.group = group;
        this.options = options;
    }

    /**
     * Opens an exchange.
     *
     * @param request the request head
     * @param listener receives the response
     * @return the request side
     */
    public AbstractExchange open(final EndpointRequest request, final ResponseListener listener) {
        return new Http1Exchange(group.next(), new Bootstrap(), options, request, listener);
    }
}
