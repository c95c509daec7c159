package io.jrestate.launcher.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The identity a node directory belongs to, stored as {@code <node-dir>/.cluster-marker} (JSON, one object):
 * <pre>
 *   {"cluster_name":"localcluster","node_name":"n1","format_version":1,
 *    "created_by_version":"0.1.0-SNAPSHOT","last_written_by_version":"0.1.0-SNAPSHOT"}
 * </pre>
 * It is what stops a restored backup from being opened by the wrong node or cluster, and an old server from
 * opening data written in a newer layout.
 *
 * @param clusterName the cluster the data belongs to
 * @param nodeName the node the data belongs to
 * @param formatVersion the on-disk layout version of the whole node directory
 * @param createdByVersion the jrestate version that created the directory
 * @param lastWrittenByVersion the jrestate version that last started on it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterMarker(
        @JsonProperty("cluster_name") String clusterName,
        @JsonProperty("node_name") String nodeName,
        @JsonProperty("format_version") Integer formatVersion,
        @JsonProperty("created_by_version") String createdByVersion,
        @JsonProperty("last_written_by_version") String lastWrittenByVersion) {

    /**
     * Creates a marker (also used by Jackson).
     *
     * @param clusterName the cluster
     * @param nodeName the node
     * @param formatVersion the layout version, null when absent from the file
     * @param createdByVersion the creating version
     * @param lastWrittenByVersion the last writing version
     */
    @JsonCreator
    public ClusterMarker {
    }
}
