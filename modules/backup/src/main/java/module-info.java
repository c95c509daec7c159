/**
 * Online backup and offline restore of a node: the coordinator on the admin port (a service of the {@code admin}
 * role, found by the launcher through {@link io.jrestate.node.api.NodeServiceFactory}), the {@code restate-server
 * backup} client that drives it, and {@code restate-server restore}.
 */
module io.jrestate.backup {
    requires transitive io.jrestate.node.api;
    requires io.jrestate.common;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports io.jrestate.backup;
    opens io.jrestate.backup to com.fasterxml.jackson.databind;

    provides io.jrestate.node.api.NodeServiceFactory with io.jrestate.backup.internal.node.BackupServiceFactory;
}
