package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.CliOverride;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.launcher.ServiceCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts nodes in-process with recording services plugged into every role, and checks the lifecycle: roles start
 * in order and stop in reverse, only configured roles run, a failing start stops what already started, and the
 * health endpoints answer on the admin and ingress ports.
 */
@Timeout(60)
class NodeTest {
    @TempDir
    Path base;

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private NodeServiceFactory recording(final Role role, final boolean failOnStart) {
        final String name = role.configName();
        return new NodeServiceFactory() {
            @Override
            public Role role() {
                return role;
            }

            @Override
            public NodeService create(final io.jrestate.node.api.NodeContext context) {
                return service(name, failOnStart);
            }
        };
    }

    private NodeService service(final String name, final boolean failOnStart) {
        return new NodeService() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                if (failOnStart) {
                    throw new IllegalStateException(name + " cannot start");
                }
                events.add("start " + name);
            }

            @Override
            public void stop(final Duration timeout) {
                events.add("stop " + name);
            }
        };
    }

    private ServiceCatalog catalog(final String failing) {
        final Map<Role, List<NodeServiceFactory>> factories = new EnumMap<>(Role.class);
        for (final Role role : Role.values()) {
            factories.put(role, List.of(recording(role, role.configName().equals(failing))));
        }
        return ServiceCatalog.of(factories);
    }

    private RestateConfig config(final String roles) {
        return ConfigLoader.load(new ConfigSources(Optional.empty(), Map.of(
                "RESTATE_ADMIN__BIND_ADDRESS", "127.0.0.1:0", "RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:0"),
                List.of(new CliOverride("--roles", "roles", roles),
                        new CliOverride("--base-dir", "base-dir", base.toString())), "n1")).config();
    }

    private static HttpResponse<String> get(final int port, final String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void shouldStartRolesInOrderServeHealthAndStopInReverse() throws Exception {
        final RestateConfig config = config("http-ingress,admin,worker,log-server,metadata-server");
        final NodeDirectory dir = NodeDirectory.open(config.common().nodeDir(), "localcluster", "n1", "t");
        final Node node = Node.start(config, dir, catalog(""), new ServerVersion("1.7.12", "t"));
        assertEquals(List.of("start metadata-server", "start log-server", "start worker", "start admin",
                "start http-ingress"), events);
        assertTrue(node.isReady());
        final HttpResponse<String> admin = get(node.port(Role.ADMIN), "/health");
        assertEquals(200, admin.statusCode());
        final HttpResponse<String> ingress = get(node.port(Role.HTTP_INGRESS), "/restate/health");
        assertEquals(200, ingress.statusCode());
        assertEquals("{\"services\":[]}", ingress.body());
        events.clear();
        node.close();
        assertEquals(List.of("stop http-ingress", "stop admin", "stop worker", "stop log-server",
                "stop metadata-server"), events);
        assertFalse(node.isReady());
        NodeDirectory.open(config.common().nodeDir(), "localcluster", "n1", "t").close();
    }

    @Test
    void shouldRunOnlyTheConfiguredRoles() throws Exception {
        final RestateConfig config = config("worker,log-server");
        try (NodeDirectory dir = NodeDirectory.open(config.common().nodeDir(), "localcluster", "n1", "t");
                Node node = Node.start(config, dir, catalog(""), new ServerVersion("1.7.12", "t"))) {
            assertEquals(List.of("start log-server", "start worker"), events);
            assertEquals(-1, node.port(Role.ADMIN));
            assertEquals(-1, node.port(Role.HTTP_INGRESS));
        }
    }

    @Test
    void shouldStopStartedServicesWhenALaterOneFails() throws Exception {
        final RestateConfig config = config("worker,log-server,metadata-server,admin");
        try (NodeDirectory dir = NodeDirectory.open(config.common().nodeDir(), "localcluster", "n1", "t")) {
            final IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> Node.start(config, dir, catalog("worker"), new ServerVersion("1.7.12", "t")));
            assertEquals("worker cannot start", error.getMessage());
        }
        assertEquals(List.of("start metadata-server", "start log-server", "stop log-server", "stop metadata-server"),
                events);
    }
}
