/**
 * The restate-server launcher: command line, configuration, data directory, lifecycle and health. Roles plug in
 * through {@link io.jrestate.node.api.NodeServiceFactory}, found with {@link java.util.ServiceLoader}, so the
 * launcher requires no role module and a runtime image holds exactly the roles it was linked with.
 */
module io.jrestate.launcher {
    requires transitive io.jrestate.config;
    requires transitive io.jrestate.node.api;
    requires io.jrestate.http;
    requires io.jrestate.backup;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires jdk.unsupported;

    uses io.jrestate.node.api.NodeServiceFactory;

    exports io.jrestate.launcher;
    opens io.jrestate.launcher.internal to com.fasterxml.jackson.databind;
}
