/** Durable, checksummed, segmented logs and snapshot files. */
module io.jrestate.log.segments {
    requires transitive io.jrestate.common;
}
