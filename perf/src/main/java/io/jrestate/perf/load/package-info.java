/**
 * The load tool: a closed- or open-loop HTTP/1.1 load generator for any Restate-compatible ingress, with latency
 * recorded in a hand-written log-linear histogram. Entry point {@link io.jrestate.perf.load.LoadMain}, launched by
 * {@code perf/bin/load}.
 */
package io.jrestate.perf.load;
