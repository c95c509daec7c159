/** Node-to-node messaging over Aeron: media driver, framing, sessions with identity, RPC. */
module io.jrestate.aeron.transport {
    requires transitive io.jrestate.common;
    requires transitive org.agrona;
    requires transitive io.aeron.client;
    requires io.aeron.driver;

    exports io.jrestate.aeron.transport;
}
