/**
 * The Restate service invocation protocol: messages, framing, transport to deployments, discovery, the schema
 * registry and invocation attempts.
 */
module io.jrestate.service.protocol {
    requires transitive io.jrestate.common;
    requires transitive com.google.protobuf;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.handler;
    requires com.fasterxml.jackson.databind;

    exports io.jrestate.service.protocol;
    exports io.jrestate.service.protocol.pb;
    exports io.jrestate.service.protocol.client;
    exports io.jrestate.service.protocol.discovery;
    exports io.jrestate.service.protocol.schema;
    exports io.jrestate.service.protocol.attempt;
}
