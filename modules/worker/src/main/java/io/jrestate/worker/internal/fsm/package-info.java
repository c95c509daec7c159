/**
 * The pure partition state machine: tables ({@link io.jrestate.worker.internal.fsm.PartitionState}), the apply
 * function ({@link io.jrestate.worker.internal.fsm.PartitionFsm}) and the actions it emits
 * ({@link io.jrestate.worker.internal.fsm.Action}). No clock, randomness, threads or I/O in this package.
 */
package io.jrestate.worker.internal.fsm;
