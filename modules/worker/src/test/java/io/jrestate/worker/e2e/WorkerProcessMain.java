package io.jrestate.worker.e2e;

import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.worker.NodeSchemas;
import io.jrestate.worker.internal.invoker.ProtocolInvoker;
import io.jrestate.worker.internal.node.WorkerNode;
import io.jrestate.worker.internal.node.WorkerOptions;
import io.jrestate.worker.internal.schema.RegistryServiceCatalog;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A worker server process for the crash test: the node's schema registry file, the worker on the real log store
 * and the ingress on a random port (printed as {@code PORT n}). Runs until killed or until stdin closes.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {
    }

    /**
     * Starts the process.
     *
     * @param args the node directory
     * @throws Exception when the worker cannot start
     */
    public static void main(final String[] args) throws Exception {
        final Path nodeDir = Path.of(args[0]);
        final SchemaRegistry registry = NodeSchemas.forNode(nodeDir, ServiceDefaults.defaults());
        final EndpointClient endpoints = new EndpointClient(InvokerOptions.defaults());
        final Router router = new Router();
        final WorkerNode worker = WorkerNode.start(new WorkerOptions("n1", 8, 2, 100_000, true, 8L << 20), nodeDir,
                new ProtocolInvoker(new InvocationAttempts(endpoints, InvokerOptions.defaults(),
                        Executors.newSingleThreadScheduledExecutor(), System::nanoTime), registry),
                new RegistryServiceCatalog(registry), router, Duration.ofSeconds(60));
        final HttpServer ingress = HttpServer.start(HttpServerOptions.of("ingress",
                new InetSocketAddress("127.0.0.1", 0), 1 << 20), router);
        System.out.println("PORT " + ingress.port());
        System.out.flush();
        final byte[] sink = new byte[256];
        while (System.in.read(sink) >= 0) {
            continue;
        }
        ingress.close();
        worker.close();
        endpoints.close();
        System.exit(0);
    }
}
