/**
 * The seam between partition processors and the service protocol's attempt runner: start an attempt, receive
 * its journal entries and outcome, send durable notifications back.
 */
package io.jrestate.worker.internal.invoker;
