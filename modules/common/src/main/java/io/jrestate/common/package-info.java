/** io.jrestate.common. See the module's OVERVIEW.md. */
package io.jrestate.common;
