/** Netty HTTP/1.1 and h2c servers with a small router, used by the admin API and the ingress. */
module io.jrestate.http {
    requires transitive io.jrestate.common;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.handler;
    requires transitive com.fasterxml.jackson.databind;
    exports io.jrestate.http;
}
