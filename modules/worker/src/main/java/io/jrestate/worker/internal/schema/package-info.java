/** The worker's view of registered services and handlers. */
package io.jrestate.worker.internal.schema;
