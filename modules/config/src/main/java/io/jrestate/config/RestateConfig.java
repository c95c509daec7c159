package io.jrestate.config;

/**
 * The typed configuration of one node, built from the effective values of {@code restate.toml}, the environment
 * and the command line. The launcher maps its sections into each module's options records.
 *
 * @param common the top-level keys
 * @param metadataClient {@code [metadata-client]}
 * @param metadataServer {@code [metadata-server]}
 * @param networkErrorRetryPolicy {@code [network-error-retry-policy]}
 * @param defaultRetryPolicy {@code [default-retry-policy]}
 * @param worker {@code [worker]}, with {@code [worker.invoker]} and {@code [worker.snapshots]}
 * @param admin {@code [admin]}
 * @param ingress {@code [ingress]}
 * @param bifrost {@code [bifrost]}
 * @param networking {@code [networking]}
 * @param values every implemented key's value, for keys without a typed accessor
 */
public record RestateConfig(CommonConfig common, MetadataClientConfig metadataClient,
        MetadataServerConfig metadataServer, RetryPolicyConfig networkErrorRetryPolicy,
        DefaultRetryPolicyConfig defaultRetryPolicy, WorkerConfig worker, AdminConfig admin, IngressConfig ingress,
        BifrostConfig bifrost, NetworkingConfig networking, ConfigValues values) {

    /**
     * Builds the typed sections from checked values.
     *
     * @param values the effective values of every implemented key
     * @return the configuration
     */
    public static RestateConfig from(final ConfigValues values) {
        return new RestateConfig(CommonConfig.from(values), MetadataClientConfig.from(values),
                MetadataServerConfig.from(values), RetryPolicyConfig.from(values, "network-error-retry-policy"),
                DefaultRetryPolicyConfig.from(values), WorkerConfig.from(values), AdminConfig.from(values),
                IngressConfig.from(values), BifrostConfig.from(values), NetworkingConfig.from(values), values);
    }
}
