/**
 * {@code restatectl}: the cluster administration tool, with the reference's flags and output shapes, talking to a
 * jrestate node over its admin HTTP API (see the module's OVERVIEW.md).
 */
module io.jrestate.restatectl {
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    exports io.jrestate.restatectl;
}
