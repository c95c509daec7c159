/** Implementation of the Aeron transport: driver, frame codecs, links, sessions and the transport agent. */
package io.jrestate.aeron.transport.internal;
