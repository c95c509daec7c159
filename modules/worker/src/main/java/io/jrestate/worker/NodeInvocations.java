package io.jrestate.worker;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocation control of the worker running in this process for a node, so that the admin role (which does
 * not own partitions) can reach it. The worker registers when it starts and releases when it stops.
 */
public final class NodeInvocations {
    private static final ConcurrentHashMap<Path, InvocationControl> CONTROLS = new ConcurrentHashMap<>();

    private NodeInvocations() {
    }

    /**
     * Registers the running worker's control.
     *
     * @param nodeDir the node's data directory
     * @param control the control
     */
    public static void register(final Path nodeDir, final InvocationControl control) {
        CONTROLS.put(key(nodeDir), control);
    }

    /**
     * The control of the worker running for a node.
     *
     * @param nodeDir the node's data directory
     * @return the control, or null when no worker runs for that node in this process
     */
    public static InvocationControl forNode(final Path nodeDir) {
        return CONTROLS.get(key(nodeDir));
    }

    /**
     * Forgets a node's control (the worker stopped).
     *
     * @param nodeDir the node's data directory
     */
    public static void release(final Path nodeDir) {
        CONTROLS.remove(key(nodeDir));
    }

    private static Path key(final Path nodeDir) {
        return nodeDir.toAbsolutePath().normalize();
    }
}
