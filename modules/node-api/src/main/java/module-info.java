/**
 * The plug-in contract between the launcher and the roles: a role module provides
 * {@link io.jrestate.node.api.NodeServiceFactory} and the launcher finds it with {@link java.util.ServiceLoader}.
 */
module io.jrestate.node.api {
    requires transitive io.jrestate.config;
    requires transitive io.jrestate.http;

    exports io.jrestate.node.api;
}
