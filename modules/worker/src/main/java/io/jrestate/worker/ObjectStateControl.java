package io.jrestate.worker;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces the state of a virtual object or workflow, as the admin API's {@code POST /services/{name}/state}
 * does. The change is a record in the object's partition log, so it is durable and ordered with the invocations
 * of that object. The worker running in this process registers its control per node ({@link #register}).
 */
public interface ObjectStateControl {
    /**
     * Replaces all state of one object.
     *
     * @param service the service name (not checked against the schema: the caller does that)
     * @param objectKey the object or workflow key
     * @param newState the new state, state key to value bytes (empty clears the state)
     * @param expectedVersion when not null, the record is skipped unless the state still has this version
     * @return completes once the record is durable and applied (exceptionally when the partition cannot take it)
     */
    CompletableFuture<Void> replaceState(String service, String objectKey, Map<String, byte[]> newState,
            String expectedVersion);

    /**
     * Registers the running worker's control for a node.
     *
     * @param nodeDir the node's data directory
     * @param control the control
     */
    static void register(final Path nodeDir, final ObjectStateControl control) {
        Registry.CONTROLS.put(Registry.key(nodeDir), control);
    }

    /**
     * The control of the worker running for a node.
     *
     * @param nodeDir the node's data directory
     * @return the control, or null when no worker runs for that node in this process
     */
    static ObjectStateControl forNode(final Path nodeDir) {
        return Registry.CONTROLS.get(Registry.key(nodeDir));
    }

    /**
     * Forgets a node's control (the worker stopped).
     *
     * @param nodeDir the node's data directory
     */
    static void release(final Path nodeDir) {
        Registry.CONTROLS.remove(Registry.key(nodeDir));
    }

    /** The registered controls by absolute node directory. */
    final class Registry {
        private static final ConcurrentHashMap<Path, ObjectStateControl> CONTROLS = new ConcurrentHashMap<>();

        private Registry() {
        }

        private static Path key(final Path nodeDir) {
            return nodeDir.toAbsolutePath().normalize();
        }
    }
}
