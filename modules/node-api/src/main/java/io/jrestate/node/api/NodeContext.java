package io.jrestate.node.api;

import io.jrestate.config.RestateConfig;
import io.jrestate.http.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What a {@link NodeServiceFactory} gets: the node's configuration, its locked data directory, and the routers of
 * the admin (9070) and ingress (8080) servers.
 */
public final class NodeContext {
    private final RestateConfig config;
    private final Path nodeDir;
    private final String serverVersion;
    private final Router adminRouter;
    private final Router ingressRouter;
    private volatile Supplier<List<String>> ingressServiceNames = List::of;
    private volatile String effectiveConfigToml = "";
    private final List<BackupParticipant> backupParticipants = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Class<?>, Supplier<?>> shared = new ConcurrentHashMap<>();

    /**
     * Creates a context.
     *
     * @param config the node's configuration
     * @param nodeDir the locked node directory, {@code <base-dir>/<node-name>}
     * @param serverVersion the Restate version this server is compatible with, e.g. {@code 1.7.12}
     * @param adminRouter routes of the admin server
     * @param ingressRouter routes of the ingress server
     */
    public NodeContext(final RestateConfig config, final Path nodeDir, final String serverVersion,
            final Router adminRouter, final Router ingressRouter) {
        this.config = Objects.requireNonNull(config);
        this.nodeDir = Objects.requireNonNull(nodeDir);
        this.serverVersion = Objects.requireNonNull(serverVersion);
        this.adminRouter = Objects.requireNonNull(adminRouter);
        this.ingressRouter = Objects.requireNonNull(ingressRouter);
    }

    /**
     * The node's configuration.
     *
     * @return the configuration
     */
    public RestateConfig config() {
        return config;
    }

    /**
     * The node's data directory; each service keeps its files in its own subdirectory.
     *
     * @return the directory
     */
    public Path nodeDir() {
        return nodeDir;
    }

    /**
     * The Restate version this server is compatible with, as {@code GET /version} reports it.
     *
     * @return e.g. {@code 1.7.12}
     */
    public String serverVersion() {
        return serverVersion;
    }

    /**
     * Routes of the admin server (port 9070); {@code GET /health} is already there.
     *
     * @return the router
     */
    public Router adminRouter() {
        return adminRouter;
    }

    /**
     * Routes of the ingress server (port 8080); {@code GET /restate/health} is already there.
     *
     * @return the router
     */
    public Router ingressRouter() {
        return ingressRouter;
    }

    /**
     * Sets where {@code GET /restate/health} takes the names of the registered services from.
     *
     * @param names supplies the service names; called on each health request, must not block
     */
    public void ingressServiceNames(final Supplier<List<String>> names) {
        this.ingressServiceNames = Objects.requireNonNull(names);
    }

    /**
     * The registered service names, for {@code GET /restate/health}.
     *
     * @return the names
     */
    public List<String> ingressServiceNames() {
        return ingressServiceNames.get();
    }

    /**
     * Adds a part of this node's durable state to online backups (see {@link BackupParticipant}). A service
     * registers when it starts; a backup then fails if a participant's service is not running. A participant with
     * the same name (a restarted service) replaces the earlier one.
     *
     * @param participant the participant
     */
    public void addBackupParticipant(final BackupParticipant participant) {
        Objects.requireNonNull(participant);
        synchronized (backupParticipants) {
            backupParticipants.removeIf(p -> p.name().equals(participant.name()));
            backupParticipants.add(participant);
        }
    }

    /**
     * The registered backup participants, in registration order.
     *
     * @return the participants
     */
    public List<BackupParticipant> backupParticipants() {
        return List.copyOf(backupParticipants);
    }

    /**
     * Offers a service object to the node's other services, for example the metadata-server role's
     * {@code MetadataStore} client: a factory calls this from {@code create}, and the supplier is asked only when
     * another service looks it up (in its {@code start}, after the offering service started: roles start in the
     * launcher's order, {@code metadata-server} first). A later offer of the same type replaces the earlier one.
     *
     * @param type the type others look up (an interface of the offering module)
     * @param supplier supplies the running instance; may throw {@link IllegalStateException} when not started
     * @param <T> the type
     */
    public <T> void provide(final Class<T> type, final Supplier<? extends T> supplier) {
        shared.put(Objects.requireNonNull(type), Objects.requireNonNull(supplier));
    }

    /**
     * Looks up a service object another role offered with {@link #provide}.
     *
     * @param type the type
     * @param <T> the type
     * @return the instance, or empty when no role of this node offers one
     * @throws IllegalStateException when the offering service is not running
     */
    public <T> Optional<T> lookup(final Class<T> type) {
        final Supplier<?> supplier = shared.get(type);
        return supplier == null ? Optional.empty() : Optional.of(type.cast(supplier.get()));
    }

    /**
     * Sets the node's effective configuration as TOML, as {@code restate-server --dump-config} prints it; the
     * launcher sets it before the services start, and an online backup stores it beside the data.
     *
     * @param toml the effective configuration
     */
    public void effectiveConfigToml(final String toml) {
        this.effectiveConfigToml = Objects.requireNonNull(toml);
    }

    /**
     * The node's effective configuration as TOML.
     *
     * @return the TOML, empty when the launcher did not set it (e.g. a node built by a test)
     */
    public String effectiveConfigToml() {
        return effectiveConfigToml;
    }
}
