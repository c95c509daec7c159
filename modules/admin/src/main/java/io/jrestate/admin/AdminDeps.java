package io.jrestate.admin;

import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the admin API needs, wired by the launcher.
 *
 * @param registry the schema registry (deployments and services)
 * @param discovery discovers deployments on registration
 * @param serverVersion the version shown by {@code GET /version} (the compatible reference release, 1.7.12)
 * @param ingressEndpoint the ingress URL shown by {@code GET /version}, e.g. {@code http://127.0.0.1:8080/}
 * @param protocolV7Enabled whether {@code experimental-enable-protocol-v7} is on ({@code features.protocol_v7})
 * @param blockingExecutor runs registry writes (they fsync) off the network threads
 */
public record AdminDeps(SchemaRegistry registry, DiscoveryClient discovery, String serverVersion,
                        String ingressEndpoint, boolean protocolV7Enabled, Executor blockingExecutor) {
    /**
     * Checks for nulls.
     *
     * @param registry registry
     * @param discovery discovery
     * @param serverVersion version
     * @param ingressEndpoint ingress URL
     * @param protocolV7Enabled V7 flag
     * @param blockingExecutor executor
     */
    public AdminDeps {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(ingressEndpoint, "ingressEndpoint");
        Objects.requireNonNull(blockingExecutor, "blockingExecutor");
    }
}
