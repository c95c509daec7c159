package io.jrestate.aeron.transport;

import io.jrestate.common.Verify;

import java.nio.charset.StandardCharsets;

/**
 * Who a node is, as the session handshake states it: the cluster it belongs to and its generational node id.
 *
 * <p>Two nodes talk only when both the cluster name and the cluster fingerprint match. The name alone is not
 * enough: two clusters provisioned separately may both be called {@code localcluster}; the fingerprint is a
 * random number drawn at provisioning that tells them apart.
 *
 * @param clusterName the cluster name, 1 to {@value #CLUSTER_NAME_BYTES_MAX} bytes of UTF-8
 * @param clusterFingerprint the random fingerprint drawn when the cluster was provisioned
 * @param nodeId this process's generational node id
 */
public record NodeIdentity(String clusterName, long clusterFingerprint, GenerationalNodeId nodeId) {
    /** The longest cluster name, in UTF-8 bytes, that a handshake carries. */
    public static final int CLUSTER_NAME_BYTES_MAX = 255;

    /**
     * Validates the components.
     *
     * @param clusterName the cluster name
     * @param clusterFingerprint the cluster fingerprint
     * @param nodeId the generational node id
     */
    public NodeIdentity {
        Verify.argument(clusterName != null && !clusterName.isEmpty(), "cluster name must not be empty");
        Verify.argument(clusterName.getBytes(StandardCharsets.UTF_8).length <= CLUSTER_NAME_BYTES_MAX,
            "cluster name '" + clusterName + "' is longer than " + CLUSTER_NAME_BYTES_MAX + " bytes");
        Verify.argument(nodeId != null, "node id must be set");
    }

    @Override
    public String toString() {
        return nodeId + "@" + clusterName + "/" + Long.toUnsignedString(clusterFingerprint, 16);
    }
}
