package io.jrestate.worker.internal.processor;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: a partition's single logical thread.
 *
 * <p>The mailbox is bounded; a full mailbox rejects new tasks (callers answer "overloaded") instead of growing
 * without limit. No thread is held while the mailbox is empty.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final int BATCH_MAX = 256;
    private final Executor pool;
    private final ArrayBlockingQueue<Runnable> mailbox;
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> internal =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final String name;

    /**
     * Creates a serial executor.
     *
     * @param name a name for logs
     * @param pool the shared pool that runs the tasks
     * @param capacity the mailbox capacity
     */
    public SerialExecutor(final String name, final Executor pool, final int capacity) {
        this.name = name;
        this.pool = pool;
        this.mailbox = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void execute(final Runnable task) {
        if (!mailbox.offer(task)) {
            throw new RejectedExecutionException(name + ": mailbox full (" + mailbox.size() + " tasks)");
        }
        schedule();
    }

    /**
     * Runs a task that must never be dropped: completions of the processor's own work (durable appends, outbox
     * deliveries). Their number is bounded by the work the processor started, so this queue needs no capacity.
     * Internal tasks run before mailbox tasks.
     *
     * @param task the task
     */
    public void executeInternal(final Runnable task) {
        internal.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH_MAX; i++) {
            Runnable task = internal.poll();
            if (task == null) {
                task = mailbox.poll();
            }
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (final RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, name + ": task failed", e);
            }
        }
        scheduled.set(false);
        if (!mailbox.isEmpty() || !internal.isEmpty()) {
            schedule();
        }
    }
}
