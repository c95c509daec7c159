/** The restate.toml configuration: typed model, loading, environment overrides, validation and dump. */
module io.jrestate.config {
    requires transitive io.jrestate.common;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;

    exports io.jrestate.config;
}
