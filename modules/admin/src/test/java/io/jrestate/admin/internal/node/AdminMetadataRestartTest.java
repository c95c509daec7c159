package io.jrestate.admin.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.admin.AdminGreeter;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin role on a node that also runs {@code metadata-server}, started the way the launcher starts roles
 * (factories from the service loader, all created, then started in role order): a deployment registered over
 * HTTP with the real Java SDK is still listed after both roles restart, and it is read from the metadata store's
 * {@code schema_registry} key (no registry file is written in the node directory).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminMetadataRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path nodeDir;

    /** A node with the metadata-server and admin roles, as the launcher runs it. */
    private final class MiniNode implements AutoCloseable {
        private final NodeContext context;
        private final List<NodeService> started = new ArrayList<>();
        private final HttpServer admin;

        MiniNode(final RestateConfig config) throws Exception {
            final Router adminRouter = new Router();
            context = new NodeContext(config, nodeDir, "1.7.12", adminRouter, new Router());
            final List<NodeService> services = new ArrayList<>();
            for (final Role role : List.of(Role.METADATA_SERVER, Role.ADMIN)) {
                for (final NodeServiceFactory factory : ServiceLoader.load(NodeServiceFactory.class)) {
                    if (factory.role() == role) {
                        services.add(factory.create(context));
                    }
                }
            }
            admin = HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                adminRouter);
            for (final NodeService service : services) {
                service.start();
                started.add(service);
            }
        }

        HttpResponse<String> call(final String method, final String path, final String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode storedRegistry() throws Exception {
            final MetadataStore store = context.lookup(MetadataStore.class).orElseThrow();
            return JSON.readTree(new String(MetadataUpdates.await(store.get("schema_registry")).orElseThrow()
                .value(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop(Duration.ofSeconds(10));
            }
            admin.close();
        }
    }

    @Test
    void shouldListARegisteredDeploymentAfterARestartFromTheMetadataStore() throws Exception {
        final RestateConfig config = ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).build(), 0);
        final String id;
        try (MiniNode node = new MiniNode(config)) {
            final HttpResponse<String> registered = node.call("POST", "/deployments",
                "{\"uri\":\"http://127.0.0.1:" + sdkPort + "/\"}");
            assertEquals(201, registered.statusCode(), registered.body());
            id = JSON.readTree(registered.body()).get("id").asText();
            assertEquals(id, node.storedRegistry().get("deployments").get(0).get("id").asText());
        }
        assertFalse(Files.exists(nodeDir.resolve(FileSchemaStore.FILE_NAME)), "the registry is not a file");
        try (MiniNode node = new MiniNode(config)) {
            final JsonNode listed = JSON.readTree(node.call("GET", "/deployments", null).body()).get("deployments");
            assertEquals(1, listed.size(), listed.toString());
            assertEquals(id, listed.get(0).get("id").asText());
            assertTrue(node.call("GET", "/services/AdminGreeter", null).statusCode() == 200);
        }
    }
}
