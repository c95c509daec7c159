/** Node-to-node messaging over Aeron. */
module io.jrestate.aeron.transport {
    requires transitive io.jrestate.common;
    requires io.aeron.client;
    requires io.aeron.driver;
    requires org.agrona;
}
