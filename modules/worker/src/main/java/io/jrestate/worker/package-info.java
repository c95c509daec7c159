/** The worker's API for other roles of the same node. */
package io.jrestate.worker;
