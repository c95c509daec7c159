package io.jrestate.launcher.internal;

import io.jrestate.config.BindAddress;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.launcher.ServiceCatalog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A running node: its services in role order, the admin and ingress HTTP servers with their health routes, and
 * the locked data directory.
 *
 * <pre>
 *   start:    create services (they add routes) -&gt; bind admin 9070 / ingress 8080 (health answers 503)
 *             -&gt; start services in role order -&gt; ready (health answers 200)
 *   shutdown: not ready -&gt; stop services in reverse order -&gt; close HTTP servers -&gt; unlock the directory
 * </pre>
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    private static final int ADMIN_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

    private final RestateConfig config;
    private final NodeDirectory directory;
    private final List<NodeService> services;
    private final List<NodeService> started = new ArrayList<>();
    private final List<HttpServer> httpServers = new ArrayList<>();
    private final Map<Role, Integer> ports = new java.util.EnumMap<>(Role.class);
    private volatile boolean ready;

    private Node(final RestateConfig config, final NodeDirectory directory, final List<NodeService> services) {
        this.config = config;
        this.directory = directory;
        this.services = services;
    }

    /**
     * Starts a node on an open data directory. On failure everything already started is stopped again and the
     * directory is left to the caller.
     *
     * @param config the configuration
     * @param directory the locked node directory
     * @param catalog the services of each role
     * @param version this server's versions
     * @return the running, ready node
     * @throws Exception when a service or server cannot start
     */
    public static Node start(final RestateConfig config, final NodeDirectory directory, final ServiceCatalog catalog,
            final ServerVersion version) throws Exception {
        return start(config, "", directory, catalog, version);
    }

    /**
     * Starts a node on an open data directory, telling its services the effective configuration (for backups).
     *
     * @param config the configuration
     * @param configToml the effective configuration as TOML (as --dump-config prints it)
     * @param directory the locked node directory
     * @param catalog the services of each role
     * @param version this server's versions
     * @return the running, ready node
     * @throws Exception when a service or server cannot start
     */
    public static Node start(final RestateConfig config, final String configToml, final NodeDirectory directory,
            final ServiceCatalog catalog, final ServerVersion version) throws Exception {
        final Router adminRouter = new Router();
        final Router ingressRouter = new Router();
        final NodeContext context = new NodeContext(config, directory.path(), version.restate(), adminRouter,
                ingressRouter);
        context.effectiveConfigToml(configToml);
        final List<NodeService> services = new ArrayList<>();
        for (final Role role : ServiceCatalog.START_ORDER) {
            if (!config.common().runs(role)) {
                continue;
            }
            final List<NodeServiceFactory> factories = catalog.of(role);
            if (factories.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "role {0}: no services wired into this build yet",
                        role.configName());
            }
            for (final NodeServiceFactory factory : factories) {
                services.add(factory.create(context));
            }
        }
        final Node node = new Node(config, directory, List.copyOf(services));
        try {
            node.bindHttp(context, adminRouter, ingressRouter);
            node.startServices();
        } catch (final Exception e) {
            node.stopAll(config.common().shutdownTimeout());
            throw e;
        }
        node.ready = true;
        LOG.log(System.Logger.Level.INFO, "node {0} of cluster {1} ready (roles {2}, data {3})",
                config.common().nodeName(), config.common().clusterName(), roleNames(config), directory.path());
        return node;
    }

    private static String roleNames(final RestateConfig config) {
        return String.join(",", config.common().roles().stream().map(Role::configName).toList());
    }

    private void bindHttp(final NodeContext context, final Router adminRouter, final Router ingressRouter)
            throws IOException {
        adminRouter.route("GET", "/health", request -> CompletableFuture.completedFuture(
                ready ? HttpResponse.empty(200) : HttpResponse.text(503, "starting")));
        ingressRouter.route("GET", "/restate/health", request -> CompletableFuture.completedFuture(
                ready ? HttpResponse.json(200, Map.of("services", context.ingressServiceNames()))
                        : HttpResponse.text(503, "starting")));
        if (config.common().runs(Role.ADMIN)) {
            bind(Role.ADMIN, "admin", config.admin().listener().bindAddress(), ADMIN_BODY_LIMIT_BYTES, adminRouter);
        }
        if (config.common().runs(Role.HTTP_INGRESS)) {
            final int limit = (int) Math.min(Integer.MAX_VALUE, config.ingress().requestSizeLimit().bytes());
            bind(Role.HTTP_INGRESS, "ingress", config.ingress().listener().bindAddress(), limit, ingressRouter);
        }
    }

    private void bind(final Role role, final String name, final BindAddress address, final int bodyLimitBytes,
            final Router router) throws IOException {
        final HttpServer server = HttpServer.start(HttpServerOptions.of(name,
                new InetSocketAddress(address.host(), address.port()), bodyLimitBytes), router);
        httpServers.add(server);
        ports.put(role, server.port());
    }

    private void startServices() throws Exception {
        for (final NodeService service : services) {
            LOG.log(System.Logger.Level.DEBUG, "starting {0}", service.name());
            service.start();
            started.add(service);
        }
    }

    /**
     * The port a role's HTTP server listens on.
     *
     * @param role {@link Role#ADMIN} or {@link Role#HTTP_INGRESS}
     * @return the bound port, or -1 when the role's server does not run
     */
    public int port(final Role role) {
        return ports.getOrDefault(role, -1);
    }

    /**
     * Whether the node is ready (health answers 200).
     *
     * @return true between the end of start and the beginning of shutdown
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * Stops everything in reverse order within {@code timeout} in total, then unlocks the data directory.
     *
     * @param timeout the shutdown budget ({@code shutdown-timeout})
     * @return true when every service stopped cleanly
     */
    public boolean stopAll(final Duration timeout) {
        ready = false;
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        boolean clean = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            final NodeService service = started.get(i);
            final Duration left = Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime()));
            try {
                service.stop(left);
            } catch (final Exception e) {
                clean = false;
                LOG.log(System.Logger.Level.ERROR, "stopping " + service.name() + " failed", e);
            }
        }
        started.clear();
        for (final HttpServer server : httpServers) {
            server.close();
        }
        httpServers.clear();
        return clean;
    }

    /** Stops the node with its configured shutdown timeout and unlocks the directory. */
    @Override
    public void close() {
        stopAll(config.common().shutdownTimeout());
        directory.close();
    }
}
