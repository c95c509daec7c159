package io.jrestate.metadata.raft.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.config.ConfigSources;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeServiceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the {@code metadata-server} role wiring: the factory is found by the service loader, maps the 1.7.12
 * defaults of {@code [metadata-server]} and {@code [metadata-client]} into the options records, and its service
 * keeps what was written across a stop and a start in the node directory (a server restart).
 */
@Timeout(60)
class MetadataServerFactoryTest {
    @TempDir
    Path nodeDir;

    private static RestateConfig defaults() {
        return ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
    }

    private static NodeServiceFactory factory() {
        for (final NodeServiceFactory f : ServiceLoader.load(NodeServiceFactory.class)) {
            if (f instanceof MetadataServerFactory) {
                return f;
            }
        }
        throw new AssertionError("MetadataServerFactory is not registered with the service loader");
    }

    @Test
    void shouldMapTheReferenceDefaultsIntoOptions() {
        final RestateConfig config = defaults();
        assertEquals(new MetadataServerOptions(1, Duration.ofMillis(100), 10, 2, 1000, 32),
            MetadataServerFactory.serverOptions(1, config.metadataServer()));
        assertEquals(MetadataClientOptions.defaults(), MetadataServerFactory.clientOptions(config.metadataClient()));
    }

    @Test
    void shouldKeepMetadataAcrossAServerRestart() throws Exception {
        final NodeServiceFactory factory = factory();
        assertEquals(Role.METADATA_SERVER, factory.role());
        final NodeContext context = new NodeContext(defaults(), nodeDir, "1.7.12", new Router(), new Router());
        final MetadataServerService first = (MetadataServerService) factory.create(context);
        first.start();
        first.store().put("partition_table", "{\"num_partitions\":24}".getBytes(), "application/json",
            Precondition.doesNotExist()).get(10, TimeUnit.SECONDS);
        first.stop(Duration.ofSeconds(5));
        assertTrue(Files.isDirectory(nodeDir.resolve(MetadataServerFactory.DIRECTORY)));
        final MetadataServerService second = (MetadataServerService) factory.create(context);
        second.start();
        try {
            assertEquals(1, second.store().get("partition_table").get(10, TimeUnit.SECONDS).orElseThrow().version());
        } finally {
            second.stop(Duration.ofSeconds(5));
        }
    }
}
