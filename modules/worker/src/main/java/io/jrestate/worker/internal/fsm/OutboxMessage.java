package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.Command;

/**
 * A command waiting in the outbox for delivery to another partition.
 *
 * @param partitionKey the key the target partition is found by
 * @param command the command to append to the target partition's log
 */
public record OutboxMessage(long partitionKey, Command command) {
}
