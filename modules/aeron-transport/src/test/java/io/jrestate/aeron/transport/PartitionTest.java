package io.jrestate.aeron.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jrestate.aeron.transport.AeronTransportTest.SECOND_NS;
import static io.jrestate.aeron.transport.AeronTransportTest.assertReason;
import static io.jrestate.aeron.transport.AeronTransportTest.awaitConnected;
import static io.jrestate.aeron.transport.AeronTransportTest.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Partitions between three real Aeron nodes in one JVM, made by the in-process fault shim ({@link LinkFaults}),
 * since the build host has no netem. A cut link fails requests by timeout while the other links keep working; a
 * one-way cut (A's frames to B dropped, B's to A delivered) behaves the same for A's requests; healing the
 * partition brings the link back without restarting anything.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionTest {
    private final List<AeronTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(AeronTransport::close);
    }

    @Test
    void shouldIsolateACutLinkAndRecoverWhenHealed() {
        final SwitchableFaults aFaults = new SwitchableFaults();
        final TransportOptions aOptions = TestNodes.options(1, 1, TestNodes.freeUdpPort()).withFaults(aFaults);
        final TransportOptions bOptions = TestNodes.options(2, 1, TestNodes.freeUdpPort());
        final TransportOptions cOptions = TestNodes.options(3, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(aOptions);
        final AeronTransport b = start(bOptions);
        final AeronTransport c = start(cOptions);
        echo(b, 1);
        echo(c, 1);
        a.addPeer(2, bOptions.advertisedAddress());
        a.addPeer(3, cOptions.advertisedAddress());
        awaitConnected(a, new GenerationalNodeId(2, 1));
        awaitConnected(a, new GenerationalNodeId(3, 1));

        aFaults.cut(2);
        assertReason(TransportException.Reason.TIMEOUT, a.request(2, 1, new byte[3], SECOND_NS / 2), "in time");
        assertEquals("to-c", call(a, 3, "to-c"));

        aFaults.heal();
        assertEquals("healed", call(a, 2, "healed"));

        aFaults.cutOutbound(2);
        assertReason(TransportException.Reason.TIMEOUT, a.request(2, 1, new byte[3], SECOND_NS / 2), "in time");
        aFaults.heal();
        assertEquals("healed again", call(a, 2, "healed again"));
    }

    private static String call(final AeronTransport from, final int to, final String text) {
        final Response response = from.request(to, 1, text.getBytes(StandardCharsets.UTF_8), 10 * SECOND_NS).join();
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private AeronTransport start(final TransportOptions options) {
        final AeronTransport transport = AeronTransport.start(options);
        started.add(transport);
        return transport;
    }
}
