package io.jrestate.worker;

import io.jrestate.config.DefaultRetryPolicyConfig;
import io.jrestate.config.RestateConfig;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.node.api.NodeContext;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import io.jrestate.service.protocol.schema.OnMaxAttempts;
import io.jrestate.service.protocol.schema.RetryPolicy;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.worker.internal.schema.MetadataSchemaStore;
import io.jrestate.worker.internal.schema.SchemaRefresher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one schema registry of a node, shared by the roles that run in the process: the admin API registers
 * deployments in it, the worker resolves services and deployments from it. On a node whose roles offer a
 * {@link MetadataStore} (the {@code metadata-server} role does), the registry lives in the metadata store under
 * {@code schema_registry} ({@link MetadataSchemaStore}, which also moves an old {@code schema-registry.json} there
 * once); otherwise in that file. A registry in the metadata store is shared with the other nodes of the cluster:
 * a change that lost a compare-and-set to another node is re-applied on the reloaded state
 * ({@link SchemaRegistry}), and what other nodes registered is polled every {@link #REFRESH_INTERVAL}.
 */
public final class NodeSchemas {
    /** How often a registry in the metadata store looks for changes made by other nodes. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    private static final ConcurrentHashMap<Path, SchemaRegistry> REGISTRIES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, SchemaRefresher> REFRESHERS = new ConcurrentHashMap<>();

    private NodeSchemas() {
    }

    /**
     * Returns the node's registry, opening it (from {@code schema-registry.json} in the node directory) on
     * first use.
     *
     * @param nodeDir the node's data directory
     * @param defaults the server-wide service defaults (retentions, timeouts, retry policy)
     * @return the registry
     * @throws UncheckedIOException when the stored schema cannot be read
     */
    public static SchemaRegistry forNode(final Path nodeDir, final ServiceDefaults defaults) {
        return REGISTRIES.computeIfAbsent(nodeDir.toAbsolutePath().normalize(), dir -> {
            try {
                return new SchemaRegistry(new FileSchemaStore(dir), defaults, Clock.systemUTC(), new SecureRandom());
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot open the schema registry in " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Returns the node's registry with the service defaults of {@code restate.toml}: {@code [default-retry-policy]},
     * the default retentions and the invoker timeouts. The admin API and the worker both call this.
     *
     * @param config the node's configuration
     * @param nodeDir the node's data directory
     * @return the registry
     */
    public static SchemaRegistry forNode(final RestateConfig config, final Path nodeDir) {
        return forNode(nodeDir, serviceDefaults(config));
    }

    /**
     * Returns the node's registry, kept in the metadata store the node's roles offer (see the class comment), or
     * in the node directory's file when none does. Call it from a service's {@code start}, once the
     * {@code metadata-server} role has started.
     *
     * @param config the node's configuration
     * @param context the node's context
     * @return the registry
     * @throws UncheckedIOException when the stored schema cannot be read or migrated
     */
    public static SchemaRegistry forNode(final RestateConfig config, final NodeContext context) {
        final Optional<MetadataStore> metadata = context.lookup(MetadataStore.class);
        if (metadata.isEmpty()) {
            return forNode(config, context.nodeDir());
        }
        final ServiceDefaults defaults = serviceDefaults(config);
        return REGISTRIES.computeIfAbsent(context.nodeDir().toAbsolutePath().normalize(), dir -> {
            try {
                final SchemaRegistry registry = new SchemaRegistry(new MetadataSchemaStore(metadata.get(), dir),
                    defaults, Clock.systemUTC(), new SecureRandom());
                REFRESHERS.put(dir, SchemaRefresher.start(registry, REFRESH_INTERVAL, "schema-refresh-"
                    + config.common().nodeName()));
                return registry;
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot open the schema registry of " + dir + ": " + e.getMessage(),
                        e);
            }
        });
    }

    /**
     * The service defaults of a configuration.
     *
     * @param config the configuration
     * @return retentions, timeouts and the default retry policy
     */
    public static ServiceDefaults serviceDefaults(final RestateConfig config) {
        final DefaultRetryPolicyConfig p = config.defaultRetryPolicy();
        final RetryPolicy retry = new RetryPolicy(p.initialInterval(), p.exponentiationFactor(),
                p.maxAttempts() <= 0 ? null : (int) Math.min(Integer.MAX_VALUE, p.maxAttempts()), p.maxInterval(),
                "kill".equalsIgnoreCase(p.onMaxAttempts()) ? OnMaxAttempts.KILL : OnMaxAttempts.PAUSE);
        return new ServiceDefaults(config.common().defaultJournalRetention(),
                config.common().defaultIdempotencyRetention(), config.common().defaultWorkflowCompletionRetention(),
                config.worker().invoker().inactivityTimeout(), config.worker().invoker().abortTimeout(), retry);
    }

    /**
     * Forgets a node's registry (after the node stopped, so a restart in the same process reads the file again).
     *
     * @param nodeDir the node's data directory
     */
    public static void release(final Path nodeDir) {
        final Path dir = nodeDir.toAbsolutePath().normalize();
        final SchemaRefresher refresher = REFRESHERS.remove(dir);
        if (refresher != null) {
            refresher.close();
        }
        REGISTRIES.remove(dir);
    }
}
