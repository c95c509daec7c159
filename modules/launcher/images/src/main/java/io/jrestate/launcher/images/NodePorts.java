package io.jrestate.launcher.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Free loopback ports for a node started from an image, so that a build or a test never collides with a server
 * already running on the default ports (8080, 9070, 5122).
 *
 * @param admin the admin API port (health: {@code GET /health})
 * @param ingress the ingress port (health: {@code GET /restate/health})
 * @param node the node-to-node port
 */
public record NodePorts(int admin, int ingress, int node) {
    /**
     * Picks three ports that were free a moment ago.
     *
     * @return the ports
     */
    public static NodePorts free() {
        return new NodePorts(freePort(), freePort(), freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * The environment that binds a node's listeners to these ports (restate.toml keys as environment overrides).
     *
     * @return the variables
     */
    public Map<String, String> environment() {
        return Map.of("RESTATE_ADMIN__BIND_ADDRESS", "127.0.0.1:" + admin,
                "RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:" + ingress,
                "RESTATE_BIND_ADDRESS", "127.0.0.1:" + node);
    }
}
