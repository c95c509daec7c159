package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.TimerKey;
import io.jrestate.worker.internal.wal.TimerKind;

/**
 * A durable timer in the timer table: when it fires, for which invocation, and why.
 *
 * <p>Timers order by fire time, then by id, kind and discriminator, so the table iterates the same way on every
 * replica and two timers never compare equal unless they are the same timer.
 *
 * @param fireAtMs when the timer is due, ms since the Unix epoch
 * @param invocation the invocation the timer belongs to
 * @param kind what firing does
 * @param discriminator the completion id (sleep) or attempt (retry) the timer is for
 */
public record Timer(long fireAtMs, InvocationKey invocation, TimerKind kind, int discriminator)
        implements Comparable<Timer> {

    /**
     * Reads a timer from its log form.
     *
     * @param key the log form
     * @return the timer
     */
    public static Timer fromProto(final TimerKey key) {
        return new Timer(key.getFireAtMs(), InvocationKey.fromBytes(key.getInvocationId()), key.getKind(),
                key.getDiscriminator());
    }

    /**
     * Writes the log form.
     *
     * @return the log form
     */
    public TimerKey toProto() {
        return TimerKey.newBuilder().setFireAtMs(fireAtMs).setInvocationId(invocation.toByteString())
                .setKind(kind).setDiscriminator(discriminator).build();
    }

    @Override
    public int compareTo(final Timer other) {
        int c = Long.compare(fireAtMs, other.fireAtMs);
        if (c == 0) {
            c = invocation.compareTo(other.invocation);
        }
        if (c == 0) {
            c = kind.compareTo(other.kind);
        }
        return c != 0 ? c : Integer.compare(discriminator, other.discriminator);
    }
}
