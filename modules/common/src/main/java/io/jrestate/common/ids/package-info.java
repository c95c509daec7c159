/**
 * Identifiers and partitioning compatible with restate-server 1.7.12: invocation ids, awakeable ids,
 * deployment and subscription ids, the base62 and XXH3 primitives they rest on, and the mapping of
 * partition keys to partitions. See the module's OVERVIEW.md, section "Identifiers".
 */
package io.jrestate.common.ids;
