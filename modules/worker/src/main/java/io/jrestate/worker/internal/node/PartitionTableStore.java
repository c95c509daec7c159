package io.jrestate.worker.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.common.ids.PartitionTable;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.VersionedValue;
import java.io.IOException;
import java.util.Optional;

/**
 * The partition table in the metadata store under {@value #KEY} (the reference's key): written once, when the
 * cluster is provisioned, from {@code default-num-partitions}; afterwards the stored table wins, as in the
 * reference (changing the option later does not re-partition existing data). Value (JSON, {@value #CONTENT_TYPE}):
 *
 * <pre>
 *   {"num_partitions": 24}
 * </pre>
 */
public final class PartitionTableStore {
    /** The metadata key. */
    public static final String KEY = "partition_table";
    /** The content type. */
    public static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(PartitionTableStore.class.getName());

    private PartitionTableStore() {
    }

    /**
     * Returns the stored partition count, provisioning it with {@code configured} when absent.
     *
     * @param store the metadata store
     * @param configured {@code default-num-partitions}
     * @param options retries on concurrent provisioning
     * @return the partition count to run with
     * @throws IllegalStateException naming the key when the stored value is not a partition table
     */
    public static int loadOrProvision(final MetadataStore store, final int configured,
                                      final MetadataClientOptions options) {
        final MetadataUpdates.Outcome outcome = MetadataUpdates.readModifyWrite(store, KEY, CONTENT_TYPE,
            current -> current.isPresent() ? Optional.empty() : Optional.of(encode(configured)), options);
        final VersionedValue value = outcome.value().orElseThrow();
        final int stored = decode(value);
        if (outcome.written()) {
            LOG.log(System.Logger.Level.INFO, "provisioned {0} with {1} partitions", KEY, stored);
        } else if (stored != configured) {
            LOG.log(System.Logger.Level.WARNING, "default-num-partitions = {0} is ignored: the cluster was"
                + " provisioned with {1} partitions ({2} version {3})", configured, stored, KEY, value.version());
        }
        return stored;
    }

    static byte[] encode(final int partitions) {
        return ("{\"num_partitions\":" + partitions + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static int decode(final VersionedValue value) {
        try {
            final JsonNode node = JSON.readTree(value.value());
            final JsonNode count = node == null ? null : node.get("num_partitions");
            if (count == null || !count.canConvertToInt() || count.asInt() < 1
                || count.asInt() > PartitionTable.MAX_PARTITIONS) {
                throw new IllegalStateException("metadata key '" + KEY + "' (version " + value.version()
                    + ") has no valid num_partitions (1.." + PartitionTable.MAX_PARTITIONS + "): " + node);
            }
            return count.asInt();
        } catch (final IOException e) {
            throw new IllegalStateException("metadata key '" + KEY + "' (version " + value.version()
                + ") is not JSON: " + e.getMessage(), e);
        }
    }
}
