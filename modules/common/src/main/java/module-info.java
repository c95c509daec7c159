/** Shared vocabulary of jrestate: identifiers, partitioning, durations and byte sizes, assertions. */
module io.jrestate.common {
    exports io.jrestate.common;
    exports io.jrestate.common.ids;
}
