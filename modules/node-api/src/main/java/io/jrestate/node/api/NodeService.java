package io.jrestate.node.api;

import java.time.Duration;

/**
 * A long-running part of a node (the metadata server, a log server, the worker, ...). The launcher starts the
 * services of a node in role order and stops them in reverse order.
 *
 * <p>{@link #start()} returns once the service is ready to serve (it may keep background threads); it must not
 * block forever. {@link #stop(Duration)} stops serving and releases resources within the time given.
 */
public interface NodeService {
    /**
     * A short name for logs, e.g. {@code metadata-server}.
     *
     * @return the name
     */
    String name();

    /**
     * Starts the service.
     *
     * @throws Exception when it cannot start; the node then stops what already started and exits
     */
    void start() throws Exception;

    /**
     * Stops the service.
     *
     * @param timeout how long stopping may take; the launcher moves on after it
     * @throws Exception when stopping fails; the launcher logs it and stops the remaining services
     */
    void stop(Duration timeout) throws Exception;
}
