package io.jrestate.worker.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.EmbeddedMetadataStore;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.node.api.NodeContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition table in the metadata store: provisioned once from {@code default-num-partitions}, then the
 * stored count wins across restarts even if the option changes; a damaged value is an error naming the key.
 */
@Timeout(60)
class PartitionTableStoreTest {
    @TempDir
    Path nodeDir;

    private EmbeddedMetadataStore openStore() throws Exception {
        return EmbeddedMetadataStore.open(nodeDir.resolve("metadata-server"), new MetadataServerOptions(1,
                Duration.ofMillis(20), 10, 2, 1000, 32), MetadataClientOptions.defaults());
    }

    @Test
    void shouldProvisionOnceAndKeepTheStoredCount() throws Exception {
        final RestateConfig config = ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
        final WorkerOptions configured = WorkerServiceFactory.options(config);
        try (EmbeddedMetadataStore store = openStore()) {
            final NodeContext context = new NodeContext(config, nodeDir, "1.7.12", new Router(), new Router());
            assertEquals(configured, WorkerServiceFactory.withStoredPartitions(configured, context),
                    "no metadata store offered: the configured count");
            context.provide(MetadataStore.class, () -> store);
            assertEquals(configured.partitions(), WorkerServiceFactory.withStoredPartitions(configured, context)
                    .partitions());
        }
        try (EmbeddedMetadataStore store = openStore()) {
            assertEquals(configured.partitions(), PartitionTableStore.loadOrProvision(store, 7,
                    MetadataClientOptions.defaults()), "the stored table wins over a changed option");
            assertEquals(1L, MetadataUpdates.await(store.getVersion(PartitionTableStore.KEY)).orElseThrow());
            MetadataUpdates.await(store.put(PartitionTableStore.KEY, "{\"num_partitions\":0}".getBytes(
                    StandardCharsets.UTF_8), PartitionTableStore.CONTENT_TYPE, Precondition.none()));
            final IllegalStateException bad = assertThrows(IllegalStateException.class,
                    () -> PartitionTableStore.loadOrProvision(store, 7, MetadataClientOptions.defaults()));
            assertTrue(bad.getMessage().contains("'partition_table' (version 2)"), bad.getMessage());
        }
    }
}
