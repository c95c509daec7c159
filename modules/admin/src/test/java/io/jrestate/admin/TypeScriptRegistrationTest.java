package io.jrestate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaStore;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registers the real TypeScript SDK (1.17.2, Node 22 from {@code bin/ensure-node-sdk}) through the admin API and
 * compares the answer with what restate-server 1.7.12 returned for the very same services (golden file recorded
 * from the reference, see {@code README.md} beside it). Fails loudly if Node cannot be installed.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TypeScriptRegistrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process node;
    private static int h2Port;
    private static int h1Port;
    private static EndpointClient endpointClient;
    private static ExecutorService blocking;
    private HttpServer admin;

    @BeforeAll
    static void start() throws Exception {
        startNode();
        endpointClient = new EndpointClient(InvokerOptions.defaults());
        blocking = Executors.newSingleThreadExecutor();
    }

    /** A fresh admin server and registry per test, so revisions start at 1. */
    @org.junit.jupiter.api.BeforeEach
    void startAdmin() throws Exception {
        final Router router = new Router();
        AdminApi.register(router, new AdminDeps(new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(9)), new DiscoveryClient(endpointClient, InvokerOptions.defaults(),
            Duration.ofSeconds(30), 2, Duration.ofMillis(20)), "1.7.12", "http://127.0.0.1:8080/", false, blocking));
        admin = HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20), router);
    }

    /** Keeps reading the SDK's stdout (its INFO log): unread, a full pipe blocks Node on its next log line. */
    private static void drain(final BufferedReader sdkOut) {
        Thread.ofPlatform().daemon().name("ts-sdk-stdout").start(() -> {
            try {
                for (String line = sdkOut.readLine(); line != null; line = sdkOut.readLine()) {
                    System.out.println("[ts-sdk] " + line);
                }
            } catch (final java.io.IOException e) {
                // The process ended.
            }
        });
    }

    private static void startNode() throws Exception {
        Path root = Path.of(System.getProperty("jrestate.project.root", "")).toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("bin/ensure-node-sdk"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("cannot find bin/ensure-node-sdk");
        }
        final Process ensure = new ProcessBuilder("bash", root.resolve("bin/ensure-node-sdk").toString())
            .redirectErrorStream(true).start();
        final String out = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!ensure.waitFor(10, TimeUnit.MINUTES) || ensure.exitValue() != 0) {
            throw new IllegalStateException("bin/ensure-node-sdk failed, cannot run the TypeScript SDK tests:\n" + out);
        }
        final String nodeBinary = out.substring(out.lastIndexOf('\n') + 1).strip();
        final Path dir = root.resolve(".cache/node-sdk");
        Files.copy(root.resolve("modules/service-protocol/src/test/resources/io/jrestate/service/protocol/sdk/"
            + "ts-services.mjs"), dir.resolve("ts-services.mjs"), StandardCopyOption.REPLACE_EXISTING);
        node = new ProcessBuilder(nodeBinary, "ts-services.mjs").directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader sdkOut = new BufferedReader(new InputStreamReader(node.getInputStream(),
            StandardCharsets.UTF_8));
        final String first = sdkOut.readLine();
        if (first == null) {
            throw new IllegalStateException("the TypeScript SDK process exited before listening");
        }
        drain(sdkOut);
        final JsonNode ports = JSON.readTree(first);
        h2Port = ports.get("h2").asInt();
        h1Port = ports.get("h1").asInt();
    }

    @org.junit.jupiter.api.AfterEach
    void stopAdmin() {
        admin.close();
    }

    @AfterAll
    static void stop() throws Exception {
        if (endpointClient != null) {
            endpointClient.close();
            blocking.shutdownNow();
        }
        if (node != null) {
            node.getOutputStream().close();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private HttpResponse<String> post(final String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
            + "/v4/deployments")).header("content-type", "application/json").timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Replaces ids and sorts handlers by name, so only meaningful differences remain. */
    private static JsonNode normalise(final JsonNode registration) {
        final ObjectNode copy = registration.deepCopy();
        copy.put("id", "dp_X");
        for (final JsonNode s : copy.get("services")) {
            ((ObjectNode) s).put("deployment_id", "dp_X");
            final List<JsonNode> handlers = new ArrayList<>();
            s.get("handlers").forEach(handlers::add);
            handlers.sort(Comparator.comparing(h -> h.get("name").asText()));
            final ArrayNode sorted = ((ObjectNode) s).putArray("handlers");
            handlers.forEach(sorted::add);
        }
        return copy;
    }

    @Test
    void shouldAnswerRegistrationExactlyAsTheReference() throws Exception {
        final HttpResponse<String> r = post("{\"uri\":\"http://127.0.0.1:" + h2Port + "/\"}");
        assertEquals(201, r.statusCode(), r.body());
        final JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("reference-1.7.12-register-ts.json")) {
            expected = JSON.readTree(in);
        }
        assertEquals(normalise(expected), normalise(JSON.readTree(r.body())));
    }

    @Test
    void shouldRegisterTheHttp11ListenerAsRequestResponse() throws Exception {
        final HttpResponse<String> r = post("{\"uri\":\"http://127.0.0.1:" + h1Port + "/\",\"use_http_11\":true}");
        assertEquals(201, r.statusCode(), r.body());
        final JsonNode d = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + admin.port() + "/v4/deployments/" + JSON.readTree(r.body()).get("id").asText()))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("RequestResponse", d.get("protocol_type").asText());
        assertEquals("HTTP/1.1", d.get("http_version").asText());
        assertEquals("restate-sdk-typescript/1.17.2", d.get("sdk_version").asText());
        assertEquals("0s", d.get("services").get(0).get("inactivity_timeout").asText());
    }
}
