package io.jrestate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level keys of {@code restate.toml}: node identity, roles, provisioning defaults, lifecycle and logging.
 *
 * @param nodeName the durable node identity (default: the host name)
 * @param clusterName all nodes of a cluster share it
 * @param roles the roles this node runs
 * @param baseDir the base data directory; the node's own is {@code baseDir/nodeName}
 * @param autoProvision whether this node may provision a new cluster by itself
 * @param defaultNumPartitions partitions created at provisioning
 * @param defaultReplication log and partition replication set at provisioning
 * @param location {@code region[.zone]}, empty when unset
 * @param forceNodeId the plain node id to insist on, if set
 * @param fabric the node-to-node listener (port 5122)
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param initializationTimeout how long startup may wait for the cluster
 * @param metadataUpdateInterval how often metadata is refreshed
 * @param logFilter the log filter, e.g. {@code warn,restate=info}
 * @param defaultJournalRetention how long journals are kept after completion
 * @param defaultIdempotencyRetention how long idempotency keys are kept
 * @param defaultWorkflowCompletionRetention how long workflow results are kept
 */
public record CommonConfig(String nodeName, String clusterName, Set<Role> roles, Path baseDir,
        boolean autoProvision, int defaultNumPartitions, Replication defaultReplication, String location,
        Optional<Long> forceNodeId, ListenerConfig fabric, Duration shutdownTimeout, Duration initializationTimeout,
        Duration metadataUpdateInterval, String logFilter, Duration defaultJournalRetention,
        Duration defaultIdempotencyRetention, Duration defaultWorkflowCompletionRetention) {

    /**
     * This node's own data directory, {@code <base-dir>/<node-name>}.
     *
     * @return the directory
     */
    public Path nodeDir() {
        return baseDir.resolve(nodeName);
    }

    /**
     * Whether this node runs a role.
     *
     * @param role the role
     * @return true when {@code roles} holds it
     */
    public boolean runs(final Role role) {
        return roles.contains(role);
    }

    @SuppressWarnings("unchecked")
    static CommonConfig from(final ConfigValues v) {
        return new CommonConfig(v.text("node-name"), v.text("cluster-name"), v.get("roles", Set.class),
                Path.of(v.text("base-dir")), v.flag("auto-provision"), v.intNumber("default-num-partitions"),
                v.get("default-replication", Replication.class), v.optional("location", String.class).orElse(""),
                v.optional("force-node-id", Long.class), ListenerConfig.from(v, ""), v.duration("shutdown-timeout"),
                v.duration("initialization-timeout"), v.duration("metadata-update-interval"), v.text("log-filter"),
                v.duration("default-journal-retention"), v.duration("default-idempotency-retention"),
                v.duration("default-workflow-completion-retention"));
    }
}
