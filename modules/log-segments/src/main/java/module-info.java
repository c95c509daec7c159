/** Durable, checksummed, segmented logs and snapshot files. See OVERVIEW.md. */
module io.jrestate.log.segments {
    requires transitive io.jrestate.common;
    exports io.jrestate.log.segments;
}
