package io.jrestate.config;

import java.util.Locale;

/** The roles a node can run (the {@code roles} key); a node runs all of them by default. */
public enum Role {
    /** The HTTP ingress on port 8080. */
    HTTP_INGRESS,
    /** The admin API on port 9070 and the cluster controller. */
    ADMIN,
    /** Partition processors and the invoker. */
    WORKER,
    /** Storage node for the replicated log. */
    LOG_SERVER,
    /** Member of the Raft group holding the cluster metadata. */
    METADATA_SERVER;

    /**
     * The name used in {@code restate.toml} and on the command line, e.g. {@code http-ingress}.
     *
     * @return the kebab-case name
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Looks a role up by its configuration name.
     *
     * @param configName e.g. {@code "metadata-server"}
     * @return the role
     * @throws IllegalArgumentException listing the valid names when there is no such role
     */
    public static Role fromConfigName(final String configName) {
        for (final Role role : values()) {
            if (role.configName().equals(configName)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + configName
                + "\"; expected one of http-ingress, admin, worker, log-server, metadata-server");
    }
}
