/** The Restate service invocation protocol: messages, framing, discovery and invocation attempts. */
module io.jrestate.service.protocol {
    requires transitive io.jrestate.common;
    requires com.google.protobuf;
    requires io.netty.codec.http2;
    requires io.netty.handler;
    requires com.fasterxml.jackson.databind;
}
